/**
 * The cache clear, a Site Factory extra: two WIP tasks (Drupal's caches, the Varnish purge), waited on
 * together; the clear fails, naming the task, as soon as one of them fails.
 *
 * Tasks take a second here (the Varnish purge half of it), so the purge is still running when the test
 * terminates it, however busy the machine is.
 */
import { collect, type Task, TaskFailedError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };

describe('sitefactory cache clear', () => {
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 1000, seed: 21 }, traffic);
    const [site] = await collect(env.provider.sites.list({ environment: 'prod' }), { limit: 1 });
    siteId = (site as { id: string }).id;
  });
  afterAll(() => env?.sim.close());

  it('clears caches with two WIP tasks and waits on both', async () => {
    const operation = await env.provider.clearCaches(siteId);
    const ids = operation.tasks.map((task) => task.id);
    expect(new Set(ids).size).toBe(2);
    const finished = await operation.wait(quick);
    expect(finished.map((task) => task.state)).toEqual(['succeeded', 'succeeded']);
    for (const id of ids) {
      expect(traffic.some((exchange) => exchange.path === `/api/v1/wip/task/${id}/status`)).toBe(true);
    }

    // When only the Varnish purge fails, the cache clear as a whole fails, naming that task.
    const second = await env.provider.clearCaches(siteId);
    const varnish = second.tasks[1] as Task;
    await env.provider.tasks.cancel(varnish.id);
    const error = (await second.wait(quick).catch((caught: unknown) => caught)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.id).toBe(varnish.id);
  });
});

checkTrafficAgainstSpec('cache-clear', () => traffic);
