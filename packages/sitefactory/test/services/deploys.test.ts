/**
 * The vocabulary against the simulator, scenario by scenario: killed tasks, warnings, a deploy over 50
 * sites with progress, error mapping, the cache clear's two tasks, the terminate fallback, string-typed
 * numbers and both list shapes. Long tasks run on a manual clock that the waits advance, so nothing sleeps.
 */
import {
  AuthenticationError,
  collect,
  createHttpClient,
  NotFoundError,
  noAuth,
  PermissionError,
  type Task,
  TaskFailedError,
  ValidationError,
} from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteFactoryClient } from '../../src/client/raw-client.js';
import { createSiteFactoryProvider, siteFactoryErrorMapping } from '../../src/index.js';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded, steppingClock } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };

describe('sitefactory scenarios (short tasks)', () => {
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 80, seed: 21 }, traffic);
    const [site] = await collect(env.provider.sites.list({ environment: 'prod' }), { limit: 1 });
    siteId = (site as { id: string }).id;
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

  it('maps 401, 403 "Access denied", 403 "Forbidden:", 404 (JSON and HTML) and 400 to typed errors', async () => {
    const anonymous = createSiteFactoryClient({
      http: createHttpClient({
        vendor: 'sitefactory',
        baseUrl: env.sim.url,
        auth: noAuth(),
        errorMapping: siteFactoryErrorMapping,
        allowInsecureHttp: true,
        rateLimit: false,
      }),
    });
    const unauthenticated = await anonymous.call('get_Ping_ping').catch((caught: unknown) => caught);
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
    expect((unauthenticated as AuthenticationError).status).toBe(401);

    const impostor = createSiteFactoryProvider({ ...env.sim.badCredentialsConfig, rateLimit: false });
    const denied = await impostor.sites.get(siteId).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect((denied as AuthenticationError).status).toBe(403);
    expect((denied as AuthenticationError).vendorCode).toBe('access-denied');
    expect(JSON.stringify(denied)).not.toContain(env.sim.badCredentialsConfig.apiKey);

    const builder = createSiteFactoryProvider({ ...env.sim.siteBuilderConfig, rateLimit: false });
    const forbidden = await builder.deploys.deploy(siteId, { ref: 'tags/2.4.0' }).catch((caught: unknown) => caught);
    expect(forbidden).toBeInstanceOf(PermissionError);
    expect((forbidden as PermissionError).vendorCode).toBe('forbidden');

    const missing = await env.provider.sites.get('9999999').catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toContain('9999999');

    const invalid = await env.provider.raw
      .call('post_Sites_backupSite', { path: { site_id: siteId }, body: { components: ['everything'] } })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).status).toBe(400);
    expect((invalid as ValidationError).vendorCode).toBe('bad-request');
    expect((invalid as ValidationError).fieldErrors._?.[0]).toContain('components must be some of');
  });

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

  it('coerces numbers that arrive as strings (task rows, the backup list count)', async () => {
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

    // `"count":"3"`: a string total still ends the paging exactly at the last page.
    const before = traffic.length;
    const pages = [];
    for await (const page of env.provider.raw
      .list('get_Sites_getSiteBackups', { path: { site_id: siteId }, pageSize: 1 })
      .pages()) {
      pages.push(page);
    }
    const requests = traffic.slice(before).filter((exchange) => exchange.path.endsWith('/backups'));
    const count = (requests[0]?.json as { count?: unknown } | undefined)?.count;
    expect(typeof count).toBe('string');
    expect(requests).toHaveLength(pages.length);
    expect(pages.length).toBe(Number(count));
  });

  it('pages bare-array lists (tasks) and {count, sites} lists alike, stopping at the end', async () => {
    const before = traffic.length;
    const ids: string[] = [];
    for await (const row of env.provider.raw.list('get_Task_tasks', { pageSize: 3 })) ids.push(String(row.id));
    const taskPages = traffic.slice(before).filter((exchange) => exchange.path === '/api/v1/tasks');
    expect(Array.isArray(taskPages[0]?.json)).toBe(true);
    expect(ids.length).toBeGreaterThan(6);
    expect(new Set(ids).size).toBe(ids.length);
    expect(taskPages).toHaveLength(Math.floor(ids.length / 3) + 1);

    const mark = traffic.length;
    const sites = await collect(env.provider.raw.list('get_Sites_getSites', { pageSize: 5 }), { limit: 100 });
    const sitePages = traffic.slice(mark).filter((exchange) => exchange.path === '/api/v1/sites');
    expect(sites).toHaveLength(12);
    // 12 sites in pages of 5: the count says the third page is the last, so there is no fourth request.
    expect(sitePages).toHaveLength(3);
  });

  it('sends a JSON body on every POST and PUT, `{}` when there is nothing to say', () => {
    const writes = traffic.filter((exchange) => exchange.method === 'POST' || exchange.method === 'PUT');
    expect(writes.length).toBeGreaterThan(5);
    for (const exchange of writes) expect(() => JSON.parse(exchange.bodyText), exchange.path).not.toThrow();
    expect(writes.some((exchange) => exchange.bodyText === '{}')).toBe(true);
  });
});

describe('sitefactory scenarios (long tasks on a manual clock)', () => {
  const clock = manualClock();
  let env: Recorded;

  beforeAll(async () => {
    // 102 sites over two stacks: 51 production sites on the first, 51 test and dev sites on the second, so a
    // code update of the staging sites' stack runs 51 site updates.
    env = await startRecorded({ taskDurationMs: 10 * 60_000, siteCount: 102, seed: 9, clock }, traffic);
  });
  afterAll(() => env?.sim.close());

  const stagingStackSite = async () => {
    const sites = await collect(env.provider.sites.list(), { limit: 200 });
    return sites.find((site) => site.group === '2' && site.environment === 'staging') as { id: string };
  };
  const stagingStackSize = async () =>
    (await collect(env.provider.sites.list(), { limit: 200 })).filter((site) => site.group === '2').length;

  it('a deploy over 51 sites reports the update percentage through onProgress', async () => {
    const site = await stagingStackSite();
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    const seen: Task[] = [];
    const deployment = await operation.wait({ clock: steppingClock(clock), onProgress: (task) => seen.push(task) });
    expect(deployment.state).toBe('succeeded');
    expect(deployment.scope).toBe('stack');
    const progress = seen.map((task) => task.progress).filter((value): value is number => value !== undefined);
    const between = progress.filter((value) => value > 0 && value < 100);
    expect(new Set(between).size).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const status = await env.provider.raw.call('get_Update_status', { path: { update_id: deployment.id } });
    const total = await stagingStackSize();
    expect(total).toBeGreaterThanOrEqual(50);
    expect(status.docroot_pairs?.[0]?.total).toBe(total);
    expect(Number(status.statuses?.completed)).toBe(total);
  });

  it('a deploy completed with warnings succeeds, and says so', async () => {
    env.sim.scriptNextTasks(1, 'deploy', 'warning');
    const site = await stagingStackSite();
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/2.4.1' });
    let last: Task | undefined;
    const deployment = await operation.wait({ clock: steppingClock(clock), onProgress: (task) => (last = task) });
    expect(deployment.state).toBe('succeeded');
    expect(deployment.rawStatus).toBe('144');
    expect(deployment.message).toContain('warnings');
    expect(last?.warnings?.[0]).toContain('warnings');
  });

  it('a deploy whose site update fails stops, and throws TaskFailedError', async () => {
    env.sim.failNextTasks(1, 'deploy');
    const site = await stagingStackSite();
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/broken' });
    const error = (await operation
      .wait({ clock: steppingClock(clock) })
      .catch((caught: unknown) => caught)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.state).toBe('failed');
    const status = await env.provider.raw.call('get_Update_status', { path: { update_id: error.task.id } });
    // The failed site and every site not reached yet count as errors; the ones before it completed.
    const total = await stagingStackSize();
    expect(Number(status.statuses?.completed)).toBe(Math.floor(total / 2));
    expect(Number(status.statuses?.error)).toBe(total - Math.floor(total / 2));
  });

  it('a task killed through the API (terminate) throws TaskFailedError, children included', async () => {
    const site = await stagingStackSite();
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

checkTrafficAgainstSpec('scenarios', () => traffic);
