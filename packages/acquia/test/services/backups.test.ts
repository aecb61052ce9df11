/**
 * `backups` (src/services/backups.ts) over real HTTP against the simulator: list, create → wait → get →
 * download link → restore → delete, named databases, refusals and failed tasks; every exchange recorded
 * and checked against the official spec at the end of the file.
 */
import {
  type Backup,
  collect,
  NotFoundError,
  type Site,
  TaskFailedError,
  UnsupportedOperationError,
} from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACQUIA_MAX_PAGE_SIZE, type AcquiaProvider } from '../../src/index.js';
import { createBackupService } from '../../src/services/backups.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { fakeCaller, halItems } from '../support/fake-caller.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, siteOfStage, startVocabularySimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 50, maxIntervalMs: 200 };

describe('acquia vocabulary against the simulator', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let sites: Site[];
  beforeAll(async () => {
    ({ recorded, acquia, sites } = await startVocabularySimulator(log));
  });
  afterAll(() => recorded?.close());

  const byStage = (stage: string, application = 0) => siteOfStage(sites, stage, application);

  describe('backups', () => {
    it('lists the scheduled backups newest first', async () => {
      const backups = await collect(acquia.backups.list(byStage('prod').id), { limit: 100 });
      expect(backups.length).toBe(3);
      const times = backups.map((backup) => backup.createdAt?.getTime() ?? 0);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(backups.every((backup) => backup.trigger === 'scheduled' && backup.state === 'completed')).toBe(true);
      expect(log.exchanges.some((exchange) => /sort=-created/.test(exchange.query))).toBe(true);
    });

    it('create → wait → get → download link → restore → delete', async () => {
      const site = byStage('prod');
      const operation = await acquia.backups.create(site.id, { label: 'pre-release' });
      expect(operation.task.state).toBe('queued');
      const backup: Backup = await operation.wait(fast);
      expect(backup).toMatchObject({ vendor: 'acquia', siteId: site.id, state: 'completed', trigger: 'manual' });
      expect((await acquia.backups.get(site.id, backup.id)).id).toBe(backup.id);

      const link = await acquia.backups.downloadLink(site.id, backup.id);
      expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/AH_DOWNLOAD\?/);
      expect(link.expiresAt?.getTime()).toBeGreaterThan(Date.now());
      // The link is pre-signed: it is fetched without any credential.
      const file = await fetch(link.url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

      const restored = await (await acquia.backups.restore(site.id, backup.id)).wait(fast);
      expect(restored.state).toBe('succeeded');
      expect(restored.kind).toBe('DatabaseBackupRestored');

      await (await acquia.backups.delete(site.id, backup.id)).wait(fast);
      const after = await collect(acquia.backups.list(site.id), { limit: 100 });
      expect(after.map((item) => item.id)).not.toContain(backup.id);
      await expect(acquia.backups.get(site.id, backup.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('two backups of one database started together each find their own', async () => {
      const site = byStage('test', 1);
      const [first, second] = await Promise.all([acquia.backups.create(site.id), acquia.backups.create(site.id)]);
      const [a, b] = await Promise.all([first?.wait(fast), second?.wait(fast)]);
      expect(a?.id).toBeDefined();
      expect(b?.id).toBeDefined();
      expect(a?.id).not.toBe(b?.id);
    });

    it('backs up a named database of a multisite environment', async () => {
      const site = byStage('dev'); // the first application has a second database
      const { data } = await acquia.raw.request('getEnvironmentsDatabases', { path: { environmentId: site.id } });
      const database = data._embedded?.items?.find((item) => item.flags?.default === false)?.name as string;
      expect(database).toMatch(/_reports$/);
      const backup = await (await acquia.backups.create(site.id, { database })).wait(fast);
      expect(backup.components).toEqual([`database:${database}`]);
      const listed = await collect(acquia.backups.list(site.id, { database }), { limit: 100 });
      expect(listed[0]?.id).toBe(backup.id);
      const fallback = await collect(acquia.backups.list(site.id), { limit: 100 });
      expect(fallback.map((item) => item.id)).not.toContain(backup.id);
    });

    it('refuses what Acquia cannot do, before sending anything', async () => {
      const site = byStage('prod');
      const before = log.exchanges.length;
      await expect(acquia.backups.restore(site.id, '1', { targetSiteId: byStage('test').id })).rejects.toBeInstanceOf(
        UnsupportedOperationError,
      );
      await expect(acquia.backups.create(site.id, { components: ['files'] })).rejects.toBeInstanceOf(
        UnsupportedOperationError,
      );
      // Issue 13: any components at all, an empty list too, are refused on create and on restore: a backup
      // and a restore cover the whole database, and never more than was asked.
      for (const components of [[], ['database']]) {
        await expect(acquia.backups.create(site.id, { components })).rejects.toBeInstanceOf(UnsupportedOperationError);
        await expect(acquia.backups.restore(site.id, '1', { components })).rejects.toThrow(
          /acquia does not support backups\.restore with components: a database backup is restored whole/,
        );
      }
      await expect(acquia.backups.get(site.id, 'latest')).rejects.toBeInstanceOf(NotFoundError);
      await expect(acquia.backups.get('999999-doesnotexist', '1')).rejects.toBeInstanceOf(NotFoundError);
      expect(log.exchanges.length).toBe(before);
    });

    it('a label it cannot keep is warned about on the started task and through the logger, and not sent', async () => {
      const warnings: [string, Record<string, unknown> | undefined][] = [];
      const warned = recorded.provider({ logger: { warn: (message, fields) => warnings.push([message, fields]) } });
      const site = byStage('prod', 1);
      const before = log.exchanges.length;
      const operation = await warned.backups.create(site.id, { label: 'pre-release' });
      expect(operation.task.warnings).toEqual([
        'label not kept: Acquia database backups have no label; it was not sent',
      ]);
      expect(warnings).toEqual([
        [
          'omnihost: acquia backups.create: label not kept: Acquia database backups have no label; it was not sent',
          { vendor: 'acquia', operation: 'backups.create', field: 'label' },
        ],
      ]);
      const posts = log.exchanges.slice(before).filter((exchange) => exchange.method === 'POST');
      expect(posts.map((exchange) => exchange.requestBody).join('')).not.toContain('pre-release');
      const backup = await operation.wait(fast);
      expect(backup.label).toBeUndefined();
      // Without a label there is nothing to warn about.
      expect((await warned.backups.create(site.id)).task.warnings).toBeUndefined();
      expect(warnings).toHaveLength(1);
    });

    it('a backup task made to fail throws TaskFailedError with the final notification', async () => {
      recorded.sim.failNextTasks(1, 'backup');
      const operation = await acquia.backups.create(byStage('prod', 1).id);
      const error = await operation.wait(fast).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      const task = (error as TaskFailedError).task;
      expect(task).toMatchObject({ vendor: 'acquia', state: 'failed', rawStatus: 'failed' });
      expect(task.progress).toBeLessThan(100);
    });
  });

  it('ran no mutation twice', () => {
    expect(recorded.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(recorded.sim.server.stats().handlerErrors).toBe(0);
  });
});

describe('acquia backups: pages the list goes past', () => {
  it('a full page of deleted backups does not end the list', async () => {
    const backup = (id: number, deleted: boolean) => ({
      id,
      type: 'daily',
      started_at: '2024-05-01T03:00:00+00:00',
      completed_at: '2024-05-01T03:02:00+00:00',
      flags: { deleted },
    });
    const caller = fakeCaller(({ params }) =>
      Number(params?.query?.offset) === 0
        ? halItems(Array.from({ length: ACQUIA_MAX_PAGE_SIZE }, (_, index) => backup(index + 1, true)))
        : halItems([backup(500, false)]),
    );
    const databases = { resolve: async () => 'db' };
    const backups = createBackupService(caller, databases, undefined as never);
    const listed = await collect(backups.list('1-a47ac10b-58cc-4372-a567-0e02b2c3d470'), { limit: 100 });
    expect(listed.map((item) => item.id)).toEqual(['500']);
    expect(caller.calls.map((call) => call.params?.query?.offset)).toEqual([0, ACQUIA_MAX_PAGE_SIZE]);
  });
});

specFidelitySuite('services/backups.test.ts', log);
