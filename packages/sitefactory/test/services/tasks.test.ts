/**
 * WIP tasks against the simulator: rows whose numbers arrive as strings, waiting by id, terminating a task
 * (children included) and the terminate fallback of an older factory.
 */
import { collect, NotFoundError, TaskFailedError, ValidationError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import {
  checkTrafficAgainstSpec,
  type Recorded,
  stagingStackSite,
  startLongTasks,
  startRecorded,
  startWithProdSite,
  steppingClock,
} from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };

describe('sitefactory tasks (short tasks)', () => {
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    ({ siteId, ...env } = await startWithProdSite(traffic));
  });
  afterAll(() => env?.sim.close());

  it('coerces numbers that arrive as strings (task rows)', async () => {
    const operation = await env.provider.backups.create(siteId, { label: 'typed' });
    await operation.wait(quick);
    const row = traffic.findLast((exchange) => exchange.path === `/api/v1/wip/task/${operation.task.id}/status`);
    const wire = (row?.json as { wip_task: Record<string, unknown> } | undefined)?.wip_task ?? {};
    expect(wire.status).toBe('16');
    expect(typeof wire.added).toBe('string');
    const task = await env.provider.tasks.get(operation.task.id);
    expect(task.rawStatus).toBe('16');
    expect(task.createdAt).toBeInstanceOf(Date);
    expect(task.createdAt?.getTime()).toBe(Number(wire.added) * 1000);
  });

  it('waits for a task given by id; a malformed id is NotFoundError before any request', async () => {
    const operation = await env.provider.backups.create(siteId, { label: 'waited' });
    const task = await env.provider.tasks.wait(operation.task.id, quick);
    expect(task).toMatchObject({ id: operation.task.id, state: 'succeeded', rawStatus: '16' });

    const mark = traffic.length;
    for (const id of ['0', '12/../13', 'abc', '999999-doesnotexist']) {
      const error = await env.provider.tasks.wait(id, quick).catch((caught: unknown) => caught);
      expect(error, id).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).operation).toBe('tasks.wait');
    }
    await expect(env.provider.tasks.wait('', quick)).rejects.toBeInstanceOf(ValidationError);
    expect(traffic.length).toBe(mark);
  });
});

describe('sitefactory tasks (long tasks on a manual clock)', () => {
  const clock = manualClock();
  let env: Recorded;

  beforeAll(async () => {
    env = await startLongTasks(clock, traffic);
  });
  afterAll(() => env?.sim.close());

  it('a task killed through the API (terminate) throws TaskFailedError, children included', async () => {
    const site = await stagingStackSite(env);
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/2.5.0' });
    clock.advance(60_000);
    await env.provider.tasks.cancel(operation.task.id);
    const error = (await operation
      .wait({ clock: steppingClock(clock) })
      .catch((caught: unknown) => caught)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.state).toBe('cancelled');
    const terminations = traffic.filter(
      (exchange) => exchange.method === 'PUT' && exchange.path.startsWith('/api/v1/tasks/'),
    );
    expect(terminations.at(-1)?.path).toBe(`/api/v1/tasks/${operation.task.id}/terminate`);
    const children = await collect(env.provider.raw.list('get_Task_tasks', { query: { status: 'processing' } }), {
      limit: 100,
    });
    expect(children).toEqual([]);
  });
});

describe('sitefactory terminate on an older factory', () => {
  let env: Recorded;
  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 60_000, legacyTerminateOnly: true, seed: 4 }, traffic);
  });
  afterAll(() => env?.sim.close());

  it('falls back to PUT /api/v1/tasks/{id} when /terminate answers the HTML 404', async () => {
    const [site] = await collect(env.provider.sites.list(), { limit: 1 });
    const operation = await env.provider.backups.create((site as { id: string }).id);
    const mark = traffic.length;
    await env.provider.tasks.cancel(operation.task.id);
    const puts = traffic.slice(mark).map((exchange) => `${exchange.method} ${exchange.path} ${exchange.status}`);
    expect(puts).toEqual([
      `PUT /api/v1/tasks/${operation.task.id}/terminate 404`,
      `PUT /api/v1/tasks/${operation.task.id} 200`,
    ]);
    expect(traffic[mark]?.contentType).toContain('text/html');
    expect((await env.provider.tasks.get(operation.task.id)).state).toBe('cancelled');
  });
});

checkTrafficAgainstSpec('tasks', () => traffic);
