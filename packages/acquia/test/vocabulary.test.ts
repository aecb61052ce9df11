/**
 * The vocabulary (sites, backups, deploys, tasks) over real HTTP against the simulator, every exchange
 * recorded and checked against the official spec at the end of the file.
 */
import {
  type Backup,
  collect,
  NotFoundError,
  type Site,
  TaskFailedError,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcquiaProvider } from '../src/index.js';
import { ExchangeLog } from './support/exchange-log.js';
import { specFidelitySuite } from './support/fidelity.js';
import { type RecordedSimulator, startRecordedSimulator } from './support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 50, maxIntervalMs: 200 };

describe('acquia vocabulary against the simulator', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let sites: Site[];

  beforeAll(async () => {
    recorded = await startRecordedSimulator(log, { taskDurationMs: 150, seed: 42, siteCount: 10 });
    acquia = recorded.provider();
    sites = await collect(acquia.sites.list(), { limit: 100 });
  });
  afterAll(async () => {
    await recorded?.close();
  });

  const byStage = (stage: string, application = 0) =>
    sites.filter((site) => site.environmentName === stage)[application] as Site;

  describe('sites', () => {
    it('lists every environment of every application as a site', () => {
      expect(sites).toHaveLength(10);
      expect(new Set(sites.map((site) => site.group)).size).toBe(3);
      const prod = byStage('prod');
      expect(prod.environment).toBe('prod');
      expect(prod.id).toMatch(/^\d+-[0-9a-f-]{36}$/);
      expect(prod.name).toMatch(/\.prod$/);
      expect(prod.url).toMatch(/^https:\/\/www\./);
      expect(prod.status).toBe('active');
      expect(byStage('test').environment).toBe('staging');
      expect(byStage('ode1').environment).toBe('dev');
    });

    it('pages lazily with the requested page size and filters by stage', async () => {
      const before = log.exchanges.length;
      const pages: number[] = [];
      for await (const page of acquia.sites.list({ pageSize: 2 }).pages()) pages.push(page.length);
      expect(pages.reduce((sum, size) => sum + size, 0)).toBe(10);
      expect(Math.max(...pages)).toBe(2);
      const queries = log.exchanges.slice(before).map((exchange) => exchange.query);
      expect(queries.every((query) => /limit=2/.test(query))).toBe(true);

      const staging = await collect(acquia.sites.list({ environment: 'staging' }), { limit: 100 });
      expect(staging.map((site) => site.environmentName)).toEqual(['test', 'test', 'test']);
    });

    it('gets one site; an unknown environment id is NotFoundError', async () => {
      const prod = byStage('prod');
      expect((await acquia.sites.get(prod.id)).name).toBe(prod.name);
      await expect(acquia.sites.get('1234567-00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(acquia.sites.get('not-an-environment')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

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
      await expect(acquia.backups.get(site.id, 'latest')).rejects.toBeInstanceOf(NotFoundError);
      expect(log.exchanges.length).toBe(before);
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

  describe('deploys', () => {
    it('switches an environment to a tag and reports the deployment', async () => {
      const site = byStage('test');
      const deployment = await (await acquia.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(fast);
      expect(deployment).toMatchObject({ vendor: 'acquia', siteId: site.id, ref: 'tags/2.4.0', scope: 'site' });
      expect(deployment.state).toBe('succeeded');
      expect(((await acquia.sites.get(site.id)).raw as { vcs: { path: string } }).vcs.path).toBe('tags/2.4.0');
    });

    it('promotes the code of another environment and reads the ref it deployed', async () => {
      const source = byStage('test');
      const target = byStage('prod');
      const deployment = await (await acquia.deploys.deploy(target.id, { fromSiteId: source.id })).wait(fast);
      expect(deployment.ref).toBe('tags/2.4.0');
    });

    it('maps the vendor refusals to typed errors', async () => {
      const site = byStage('test');
      const invalid = await acquia.deploys.deploy(site.id, { ref: 'bad ref!' }).catch((caught: unknown) => caught);
      expect(invalid).toBeInstanceOf(ValidationError);
      expect((invalid as ValidationError).fieldErrors.branch?.[0]).toMatch(/invalid characters/);
      await expect(acquia.deploys.deploy(site.id, { fromSiteId: site.id })).rejects.toMatchObject({
        name: 'ConflictError',
        status: 409,
        vendorCode: 'conflict',
      });
      const otherApplication = byStage('prod', 1);
      await expect(acquia.deploys.deploy(site.id, { fromSiteId: otherApplication.id })).rejects.toMatchObject({
        name: 'ValidationError',
        fieldErrors: { source: [expect.stringMatching(/same application/)] },
      });
      await expect(acquia.deploys.deploy(site.id, { ref: 'main', fromSiteId: site.id })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(collect(acquia.deploys.list(site.id), { limit: 1 })).rejects.toBeInstanceOf(
        UnsupportedOperationError,
      );
    });

    it('copies a database and the files between environments of one application', async () => {
      const source = byStage('prod');
      const target = byStage('dev');
      const copied = await (await acquia.deploys.copyDatabase(target.id, { fromSiteId: source.id })).wait(fast);
      expect(copied.kind).toBe('DatabaseCopied');
      const files = await (await acquia.deploys.copyFiles(target.id, { fromSiteId: source.id })).wait(fast);
      expect(files.state).toBe('succeeded');
    });
  });

  describe('tasks', () => {
    it('accepts a uuid, a notification URL, a 202 body and a Task', async () => {
      const operation = await acquia.deploys.deploy(byStage('dev').id, { ref: 'main' });
      const uuid = operation.task.id;
      const url = `https://cloud.acquia.com/api/notifications/${uuid}`;
      const body = { message: 'Switching code.', _links: { notification: { href: url } } };
      const forms = [uuid, url, body, JSON.stringify(body), operation.task];
      for (const form of forms) expect((await acquia.tasks.get(form)).id).toBe(uuid);
      const done = await acquia.tasks.wait(url, fast);
      expect(done.state).toBe('succeeded');
      expect(done.finishedAt).toBeInstanceOf(Date);
      await expect(acquia.tasks.get('not a notification')).rejects.toBeInstanceOf(NotFoundError);
      await expect(acquia.tasks.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
      await expect(acquia.tasks.cancel(uuid)).rejects.toBeInstanceOf(UnsupportedOperationError);
    });

    it('reports progress while a task runs', async () => {
      const seen: number[] = [];
      const operation = await acquia.backups.create(byStage('test', 2).id);
      await operation.wait({ ...fast, onProgress: (task) => seen.push(task.progress ?? -1) });
      expect(seen.at(-1)).toBe(100);
    });
  });

  it('ran no mutation twice', () => {
    expect(recorded.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(recorded.sim.server.stats().handlerErrors).toBe(0);
  });
});

specFidelitySuite('vocabulary.test.ts', log);
