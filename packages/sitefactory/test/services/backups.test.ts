/**
 * Backups against the simulator: a backup task killed (64) or ending in ERROR (32) fails the wait with
 * `TaskFailedError`; one completed with warnings (144) succeeds, resolves to the new backup and exposes the
 * warning on its task.
 */
import { collect, TaskFailedError, ValidationError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startWithProdSite } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };

describe('sitefactory backups (short tasks)', () => {
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    ({ siteId, ...env } = await startWithProdSite(traffic));
  });
  afterAll(() => env?.sim.close());

  it('a killed backup task throws TaskFailedError (cancelled, status 64)', async () => {
    env.sim.scriptNextTasks(1, 'backup', 'killed');
    const operation = await env.provider.backups.create(siteId, { label: 'doomed' });
    const error = await operation.wait(quick).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    const task = (error as TaskFailedError).task;
    expect(task.state).toBe('cancelled');
    expect(task.rawStatus).toBe('64');
    // The interrupted archive is not left behind as a backup.
    const labels = (await collect(env.provider.backups.list(siteId), { limit: 100 })).map((backup) => backup.label);
    expect(labels).not.toContain('doomed');
  });

  it('a task that ends in ERROR (32) throws TaskFailedError with the error_message', async () => {
    env.sim.failNextTasks(1, 'backup');
    const operation = await env.provider.backups.create(siteId);
    const error = (await operation.wait(quick).catch((caught: unknown) => caught)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.state).toBe('failed');
    expect(error.task.rawStatus).toBe('32');
    expect(error.message).toContain('could not be written');
  });

  it('takes the parts asked for, refuses unknown or no parts before sending, and restores only what was asked', async () => {
    const mark = traffic.length;
    for (const components of [['everything'], [], ['database', 'Database']]) {
      const error = await env.provider.backups.create(siteId, { components }).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(components)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/^sitefactory backups\.create: components must be some of/);
    }
    // The codebase is backed up but never restored: asking for it is refused, never widened or dropped.
    await expect(env.provider.backups.restore(siteId, '1', { components: ['codebase'] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(traffic.length).toBe(mark);

    const backup = await (
      await env.provider.backups.create(siteId, { label: 'db-only', components: ['database', 'database'] })
    ).wait(quick);
    expect(backup.components).toEqual(['database']);
    const restoring = traffic.length;
    const restored = await (await env.provider.backups.restore(siteId, backup.id, { components: ['database'] })).wait(
      quick,
    );
    expect(restored.state).toBe('succeeded');
    const sent = traffic.slice(restoring).find((exchange) => exchange.path.endsWith('/restore'));
    expect(JSON.parse(sent?.bodyText ?? '{}').components).toEqual(['database']);
  });

  it('a task completed with warnings (144) succeeds and exposes the warning', async () => {
    env.sim.scriptNextTasks(1, 'backup', 'warning');
    const operation = await env.provider.backups.create(siteId, { label: 'warned' });
    const backup = await operation.wait(quick);
    expect(backup.state).toBe('completed');
    expect(backup.label).toBe('warned');
    const task = await env.provider.tasks.get(operation.task.id);
    expect(task.state).toBe('succeeded');
    expect(task.rawStatus).toBe('144');
    expect(task.warnings?.[0]).toContain('completed with warnings');
  });
});

checkTrafficAgainstSpec('backups', () => traffic);
