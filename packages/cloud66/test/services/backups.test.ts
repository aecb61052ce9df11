/**
 * Backups are managed database backups taken on a schedule: list, get, and download links for every
 * segment; no on-demand backup, restore or delete.
 */
import { backupSchema, collect, UnsupportedOperationError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { cloud66Capabilities, createCloud66Provider } from '../../src/index.js';
import { startCloud66Simulator } from '../../src/testing/index.js';
import { PROD, providerFor, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile();
const provider = providerFor(sim);

describe('backups', () => {
  const prod = sim.stackUid(PROD);

  it('lists and gets managed database backups', async () => {
    const backups = await collect(provider.backups.list(prod), { limit: 50 });
    expect(backups).toHaveLength(3);
    for (const backup of backups) expect(backupSchema.safeParse(backup).success).toBe(true);
    expect(backups[0]).toMatchObject({ state: 'completed', trigger: 'scheduled', components: ['postgresql'] });
    const one = await provider.backups.get(prod, backups[1]?.id as string);
    expect(one.id).toBe(backups[1]?.id);
  });

  it('gives download links for every segment of a split backup, in order, that download without a token', async () => {
    const [, split] = await collect(provider.backups.list(prod), { limit: 50 });
    const link = await provider.backups.downloadLink(prod, split?.id as string);
    expect(link.segments).toHaveLength(3);
    expect(link.url).toBe(link.segments[0]?.url);
    expect(link.expiresAt).toBeInstanceOf(Date);
    const bodies = await Promise.all(link.segments.map(async (segment) => (await fetch(segment.url)).text()));
    expect(bodies.map((body) => /segment (\S+)/.exec(body)?.[1])).toEqual(['tar-aa', 'tar-ab', 'tar-ac']);
  });

  it('the link exactly as the API sends it (double-encoded) is refused by the store: the repair matters', async () => {
    const [backup] = await collect(provider.backups.list(prod), { limit: 1 });
    const [file] = await collect(provider.raw.backups.files(prod, backup?.id as string), { limit: 5 });
    const link = await provider.raw.backups.fileLink(prod, backup?.id as string, file?.id as string);
    expect(link.public_url).toContain('%25');
    const response = await fetch(link.public_url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('SignatureDoesNotMatch');
  });

  it('says it cannot create, restore or delete backups, and throws UnsupportedOperationError', async () => {
    expect(provider.capabilities.backups).toMatchObject({ create: false, restore: false, delete: false });
    expect(cloud66Capabilities.backups.downloadLink).toBe(true);
    for (const call of [
      () => provider.backups.create(prod, { label: 'x' }),
      () => provider.backups.restore(prod, '1'),
      () => provider.backups.delete(prod, '1'),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(String(error)).toMatch(/cloud66/);
    }
    expect(sim.server.stats().executions).not.toHaveProperty('backup-schedule');
  });

  it('exposes scheduling as a Cloud 66 extra; the schedule takes its backups later (and can fail)', async () => {
    const clock = manualClock();
    const timed = await startCloud66Simulator({ clock, taskDurationMs: 60_000 });
    try {
      const timedProvider = createCloud66Provider(timed.config);
      const uid = timed.stackUid(PROD);
      timed.failNextTasks(1, 'backup');
      const answer = await timedProvider.raw.backups.schedule(uid, {
        dbType: 'all',
        frequency: '0 */6 * * *',
        keepCount: 5,
      });
      expect(answer).toMatchObject({ ok: true, message: 'queued for creation' });
      expect(await collect(timedProvider.backups.list(uid), { limit: 50 })).toHaveLength(3);
      clock.advance(60_000);
      const [newest] = await collect(timedProvider.backups.list(uid), { limit: 50 });
      expect(newest).toMatchObject({ state: 'failed', rawStatus: '1' });
      await expect(timedProvider.backups.downloadLink(uid, newest?.id as string)).rejects.toThrow(/no files/);
      await expect(timedProvider.raw.backups.schedule(uid, { dbType: 'all', frequency: 'hourly' })).rejects.toThrow(
        /cron/,
      );
      expect(timed.server.stats().executions['backup-schedule']).toBe(1);
    } finally {
      await timed.close();
    }
  });
});
