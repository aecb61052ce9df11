/**
 * Backups of both kinds end to end against the simulator over real HTTP, once per wire format: a disk
 * backup through its whole life, an incremental one, and a failed one.
 */
import { type Backup, collect, NotFoundError, TaskFailedError, UnsupportedOperationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import type { OnAppFormat } from '../../src/index.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

describe.each(['xml', 'json'] as const)('onapp backups over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('takes a normal (disk) backup, lists, gets, restores and deletes it', async () => {
    const { provider } = panel;
    const site = panel.named('blog-prod-01');
    const operation = await provider.backups.create(site.id, { label: `nightly-${format}` });
    // Its state is whatever the first look saw (a loaded machine can see a short task already done).
    expect(operation.task).toMatchObject({ kind: 'take_backup' });
    const backup: Backup = await operation.wait(FAST);
    expect(backup).toMatchObject({
      siteId: site.id,
      state: 'completed',
      trigger: 'manual',
      label: `nightly-${format}`,
    });
    expect(backup.components?.[0]).toMatch(/^disk \d+$/);
    expect(backup.sizeBytes).toBeGreaterThan(0);

    const listed = await collect(provider.backups.list(site.id), { limit: 100 });
    expect(listed[0]?.id).toBe(backup.id);
    expect(listed.length).toBeGreaterThanOrEqual(2); // the seeded daily one too
    expect((await provider.backups.get(site.id, backup.id)).label).toBe(`nightly-${format}`);
    await expect(provider.backups.get(panel.named('shop-prod-01').id, backup.id)).rejects.toBeInstanceOf(NotFoundError);

    const restore = await provider.backups.restore(site.id, backup.id);
    expect(restore.task.kind).toBe('restore_backup');
    expect((await restore.wait(FAST)).state).toBe('succeeded');

    const removal = await provider.backups.delete(site.id, backup.id);
    expect(removal.task.kind).toBe('destroy_backup');
    await removal.wait(FAST);
    const after = await collect(provider.backups.list(site.id), { limit: 100 });
    expect(after.map((item) => item.id)).not.toContain(backup.id);
  });

  it('takes an incremental backup of a server that supports them, and restores it', async () => {
    const { provider } = panel;
    const site = panel.named('shop-prod-01');
    const operation = await provider.backups.create(site.id, { label: 'pre-release' });
    expect(operation.task.kind).toBe('take_incremental_backup');
    const backup = await operation.wait(FAST);
    expect(backup.components).toEqual(['incremental']);
    expect((backup.raw as { target_type: string }).target_type).toBe('VirtualMachine');
    const restore = await provider.backups.restore(site.id, backup.id);
    expect(restore.task.kind).toBe('restore_incremental_backup');
    await expect(restore.wait(FAST)).resolves.toMatchObject({ state: 'succeeded' });
  });

  it('a failed backup throws TaskFailedError with the transaction’s log tail, and leaves no backup', async () => {
    const { provider, sim } = panel;
    const site = panel.named('shop-worker-01');
    const before = await collect(provider.backups.list(site.id), { limit: 100 });
    sim.failNextTasks(1, 'backup');
    const error = await (await provider.backups.create(site.id)).wait(FAST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    const task = (error as TaskFailedError).task;
    expect(task).toMatchObject({ state: 'failed', kind: 'take_incremental_backup', rawStatus: 'failed' });
    expect(task.message).toContain('Fatal: lvcreate: Insufficient free space');
    const after = await collect(provider.backups.list(site.id), { limit: 100 });
    expect(after.map((backup) => backup.id)).toEqual(before.map((backup) => backup.id));
  });

  it('refuses components on create and restore before anything is sent: never a full backup or restore', async () => {
    const { provider, sim } = panel;
    const site = panel.named('shop-prod-01');
    const [backup] = await collect(provider.backups.list(site.id), { limit: 1 });
    const before = sim.server.stats();
    // Issue 13: OnApp took a full backup for `-c database` and ran a whole-server restore for it.
    for (const components of [['database'], ['disk 1'], []]) {
      await expect(provider.backups.create(site.id, { components })).rejects.toThrow(
        /^onapp does not support backups\.create with components: an OnApp backup is taken of the whole server/,
      );
      const restore = await provider.backups
        .restore(site.id, (backup as Backup).id, { components })
        .catch((caught: unknown) => caught);
      expect(restore).toBeInstanceOf(UnsupportedOperationError);
      expect((restore as Error).message).toMatch(/restored whole/);
    }
    const after = sim.server.stats();
    expect(after.requests).toBe(before.requests);
    expect(after.executions).toEqual(before.executions);
  });

  it('never ran a mutation twice', () => {
    expect(panel.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(panel.sim.server.stats().handlerErrors).toBe(0);
  });
});
