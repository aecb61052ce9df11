/**
 * The adapter under faults: nothing is executed twice, every failure is a typed error, a failed read
 * after a started task does not lose the task, and a failed progress read does not fail a deploy.
 */
import { collect, isOmnihostError, NotFoundError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 40, timeoutMs: 15_000 };

describe('sitefactory under faults', () => {
  let env: Recorded;
  let sites: { id: string; environment: string }[];

  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 60, seed: 13 }, traffic);
    sites = await collect(env.provider.sites.list(), { limit: 100 });
  });
  afterAll(() => env?.sim.close());

  it('keeps the task when the first read after starting it fails', async () => {
    const site = sites[0] as { id: string };
    env.sim.server.inject({ kind: 'malformed', count: 1, match: (request) => request.path.includes('/wip/task/') });
    const operation = await env.provider.backups.create(site.id, { label: 'kept' });
    expect(operation.task.state).toBe('unknown');
    expect(operation.task.id).toMatch(/^\d+$/);
    const backup = await operation.wait(quick);
    expect(backup.label).toBe('kept');
  });

  it('finishes a deploy whose progress reads fail', async () => {
    const staging = sites.find((site) => site.environment === 'staging') as { id: string };
    env.sim.server.inject({
      kind: 'server-error',
      status: 500,
      count: 2,
      match: (request) => request.path.endsWith('/status') && request.path.includes('/update/'),
    });
    const deployment = await (await env.provider.deploys.deploy(staging.id, { ref: 'tags/2.4.0' })).wait(quick);
    expect(deployment.state).toBe('succeeded');
  });

  it('answers an unknown task with NotFoundError and no second, legacy request', async () => {
    const mark = traffic.length;
    await expect(env.provider.tasks.cancel('987654')).rejects.toBeInstanceOf(NotFoundError);
    expect(traffic.slice(mark).map((exchange) => exchange.path)).toEqual(['/api/v1/tasks/987654/terminate']);
  });

  it('never executes a mutation twice under 20% random faults, and fails only with typed errors', async () => {
    env.sim.server.resetStats();
    env.sim.server.setRandomFaults({ rate: 0.2, seed: 99, slowMs: 30, retryAfterSeconds: 1 });
    const outcomes: string[] = [];
    const record = async (work: () => Promise<unknown>) => {
      try {
        await work();
        outcomes.push('ok');
      } catch (error) {
        expect(isOmnihostError(error), String(error)).toBe(true);
        outcomes.push((error as Error).name);
      }
    };
    const staging = sites.filter((site) => site.environment === 'staging');
    for (const [index, site] of sites.slice(0, 6).entries()) {
      await record(async () => (await env.provider.backups.create(site.id, { label: `storm-${index}` })).wait(quick));
    }
    for (const site of staging.slice(0, 2)) {
      await record(async () => (await env.provider.deploys.deploy(site.id, { ref: 'tags/2.4.2' })).wait(quick));
    }
    env.sim.server.clearFaults();
    const stats = env.sim.server.stats();
    expect(outcomes).toHaveLength(8);
    expect(Object.values(stats.faults).reduce((sum, count) => sum + (count ?? 0), 0)).toBeGreaterThan(0);
    expect(stats.duplicateExecutions).toEqual([]);
    expect(stats.handlerErrors).toBe(0);
  });
});

checkTrafficAgainstSpec('faults', () => traffic);
