/**
 * The vocabulary end to end against the simulator over real HTTP, the same suite once per wire format:
 * sites, both kinds of backup, deploys (rebuilds), failures with their log tail, concurrent actions on
 * one server, and what OnApp cannot do.
 */
import {
  AuthenticationError,
  type Backup,
  collect,
  createProvider,
  type Deployment,
  isOmnihostError,
  NotFoundError,
  type Site,
  TaskFailedError,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat, type OnAppProvider } from '../../src/index.js';
import { type OnAppSimulator, startOnAppSimulator } from '../../src/testing/index.js';

const FAST = { timeoutMs: 30_000, minIntervalMs: 25, maxIntervalMs: 200 };

describe.each(['xml', 'json'] as const)('onapp vocabulary over %s', (format: OnAppFormat) => {
  let sim: OnAppSimulator;
  let provider: OnAppProvider;
  let sites: Site[];
  const named = (name: string) => {
    const site = sites.find((candidate) => candidate.name === name);
    if (!site) throw new Error(`no site ${name}`);
    return site;
  };

  beforeAll(async () => {
    sim = await startOnAppSimulator({ format, taskDurationMs: 100, seed: 5 });
    provider = createOnAppProvider(sim.config);
    sites = await collect(provider.sites.list(), { limit: 100 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('speaks the configured format on the wire', () => {
    const routes = Object.keys(sim.server.stats().byRoute);
    expect(routes.length).toBeGreaterThan(0);
    expect(provider.raw.format).toBe(format);
  });

  it('lists servers as sites, stage and status from labels and flags', () => {
    expect(sites.map((site) => [site.name, site.environment, site.status])).toEqual([
      ['shop-prod-01', 'prod', 'active'],
      ['shop-staging-01', 'staging', 'active'],
      ['shop-dev-01', 'dev', 'stopped'],
      ['shop-worker-01', 'other', 'active'],
      ['blog-prod-01', 'prod', 'active'],
      ['blog-staging-01', 'staging', 'active'],
    ]);
    expect(named('shop-prod-01')).toMatchObject({
      vendor: 'onapp',
      url: 'shop-prod-01.example.net',
      environmentName: 'prod',
      rawStatus: 'built=true booted=true locked=false',
    });
    expect(named('shop-prod-01').group).toMatch(/^hypervisor \d+$/);
  });

  it('gets a site by id or by identifier, and filters by environment', async () => {
    const listed = named('blog-prod-01');
    const identifier = (listed.raw as { identifier: string }).identifier;
    expect((await provider.sites.get(listed.id)).name).toBe('blog-prod-01');
    expect((await provider.sites.get(identifier)).id).toBe(listed.id);
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 });
    expect(prod.map((site) => site.name)).toEqual(['shop-prod-01', 'blog-prod-01']);
  });

  it('maps a missing server to NotFoundError and refuses a malformed id before sending it', async () => {
    await expect(provider.sites.get('9999999')).rejects.toBeInstanceOf(NotFoundError);
    const before = sim.server.stats().requests;
    await expect(provider.sites.get('12.json')).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.sites.get('../version')).rejects.toBeInstanceOf(ValidationError);
    expect(sim.server.stats().requests).toBe(before);
  });

  it('rejects bad credentials with AuthenticationError, the key nowhere in the error or the logs', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f)),
    };
    const impostor = createOnAppProvider({ ...sim.badCredentialsConfig, logger });
    const error = await collect(impostor.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    const key = sim.badCredentialsConfig.apiKey as string;
    for (const text of [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(Buffer.from(`${sim.config.email}:${key}`).toString('base64'));
    }
  });

  it('signs in with login + password as well as e-mail + API key', async () => {
    const { email: _email, apiKey: _apiKey, ...rest } = sim.config;
    const withPassword = createOnAppProvider({ ...rest, ...sim.loginCredentials });
    expect((await withPassword.sites.get(named('shop-prod-01').id)).name).toBe('shop-prod-01');
    const wrong = createOnAppProvider({ ...rest, login: sim.loginCredentials.login, password: 'wrong' });
    await expect(wrong.sites.get(named('shop-prod-01').id)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('takes a normal (disk) backup, lists, gets, restores and deletes it', async () => {
    const site = named('blog-prod-01');
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
    await expect(provider.backups.get(named('shop-prod-01').id, backup.id)).rejects.toBeInstanceOf(NotFoundError);

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
    const site = named('shop-prod-01');
    const operation = await provider.backups.create(site.id, { label: 'pre-release' });
    expect(operation.task.kind).toBe('take_incremental_backup');
    const backup = await operation.wait(FAST);
    expect(backup.components).toEqual(['incremental']);
    expect((backup.raw as { target_type: string }).target_type).toBe('VirtualMachine');
    const restore = await provider.backups.restore(site.id, backup.id);
    expect(restore.task.kind).toBe('restore_incremental_backup');
    await expect(restore.wait(FAST)).resolves.toMatchObject({ state: 'succeeded' });
  });

  it('deploys by rebuilding from the template named by ref, and the server runs it afterwards', async () => {
    const site = named('shop-staging-01');
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    const deployment: Deployment = await operation.wait(FAST);
    expect(deployment).toMatchObject({ siteId: site.id, ref: 'tags/2.4.0', state: 'succeeded', scope: 'site' });
    // The task is the chain's last step: the server is rebuilt and started when it ends.
    expect(sim.transaction(deployment.id)?.action).toBe('startup_virtual_machine');
    const after = await provider.sites.get(site.id);
    expect(after.status).toBe('active');
    expect((after.raw as { template_label: string }).template_label).toBe('tags/2.4.0');
  });

  it('deploys by template id and by label in any case; an unknown ref sends no rebuild', async () => {
    const site = named('shop-worker-01');
    const templates = await provider.raw.templates.list();
    const debian = templates.find((template) => template.label === 'Debian 12 x64');
    const byId = await (await provider.deploys.deploy(site.id, { ref: String(debian?.id) })).wait(FAST);
    expect(byId.state).toBe('succeeded');
    const byLabel = await (await provider.deploys.deploy(site.id, { ref: 'ubuntu 22.04 X64' })).wait(FAST);
    expect(byLabel.state).toBe('succeeded');
    const builds = sim.server.stats().executions['virtual_machine.build'];
    await expect(provider.deploys.deploy(site.id, { ref: 'tags/9.9.9' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.deploys.deploy(site.id, { ref: ' ' })).rejects.toBeInstanceOf(ValidationError);
    expect(sim.server.stats().executions['virtual_machine.build']).toBe(builds);
  });

  it('a failed rebuild throws TaskFailedError carrying the failed step’s log tail', async () => {
    const site = named('blog-staging-01');
    sim.failNextTasks(1, 'deploy');
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/broken' });
    const error = await operation.wait(FAST).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    const task = (error as TaskFailedError).task;
    // The failing step is build_disk; OnApp cancels the steps after it, the last of which is the task.
    expect(task.state).toBe('cancelled');
    expect(task.message).toMatch(/^build_disk failed/);
    expect(task.message).toContain('Unexpected EOF in archive');
    expect((error as Error).message).toContain('Unexpected EOF in archive');
    expect((await provider.sites.get(site.id)).status).toBe('provisioning'); // left unbuilt, as a panel does
  });

  it('a failed backup throws TaskFailedError with the transaction’s log tail, and leaves no backup', async () => {
    const site = named('shop-worker-01');
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

  it('concurrent actions on one server each find their own transaction, never an older one', async () => {
    const site = named('shop-dev-01');
    const mark = sim.lastTransactionId();
    const templates = await provider.raw.templates.list();
    const refs = ['tags/2.3.0', 'tags/2.4.0', 'main'];
    const labels = ['concurrent-a', 'concurrent-b', 'concurrent-c'];
    const [deploys, backups] = await Promise.all([
      Promise.all(refs.map((ref) => provider.deploys.deploy(site.id, { ref }))),
      Promise.all(labels.map((label) => provider.backups.create(site.id, { label }))),
    ]);
    const taskIds = [...deploys, ...backups].map((operation) => Number(operation.task.id));
    expect(new Set(taskIds).size).toBe(taskIds.length);
    for (const id of taskIds) expect(id).toBeGreaterThan(mark);
    // Each call's transaction was queued by that very call.
    const callIds = taskIds.map((id) => sim.transaction(id)?.callId);
    expect(new Set(callIds).size).toBe(taskIds.length);

    deploys.forEach((operation, index) => {
      // Walk the chain back to its build step: it must rebuild from this call's template.
      let step = sim.transaction(operation.task.id);
      while (step && step.action !== 'build_disk' && step.dependentId !== null)
        step = sim.transaction(step.dependentId);
      const template = templates.find((candidate) => candidate.label === refs[index]);
      expect(step?.params.template_id).toBe(template?.id);
    });
    const finished = await Promise.all(backups.map((operation) => operation.wait(FAST)));
    expect(finished.map((backup) => backup.label)).toEqual(labels);
    const rebuilt = await Promise.all(deploys.map((operation) => operation.wait(FAST)));
    expect(rebuilt.map((deployment) => deployment.ref)).toEqual(refs);
  });

  it('gets and waits tasks by id', async () => {
    const site = named('blog-prod-01');
    const operation = await provider.backups.create(site.id);
    const fetched = await provider.tasks.get(operation.task.id);
    expect(fetched.id).toBe(operation.task.id);
    const done = await provider.tasks.wait(operation.task.id, FAST);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'take_backup' });
    expect(done.finishedAt).toBeInstanceOf(Date);
  });

  it('refuses what OnApp cannot do with UnsupportedOperationError', async () => {
    const site = named('blog-prod-01');
    const [backup] = await collect(provider.backups.list(site.id), { limit: 1 });
    await expect(provider.tasks.cancel('1')).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(collect(provider.deploys.list(site.id), { limit: 1 })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(provider.backups.downloadLink(site.id, backup?.id ?? '1')).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
    await expect(
      provider.backups.restore(site.id, backup?.id ?? '1', { targetSiteId: named('shop-prod-01').id }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(provider.deploys.deploy(site.id, { fromSiteId: named('shop-prod-01').id })).rejects.toBeInstanceOf(
      UnsupportedOperationError,
    );
  });

  it('is reachable through core’s createProvider', async () => {
    const generic = await createProvider(sim.config);
    expect(generic.vendor).toBe('onapp');
    expect(generic.capabilities.deploys.kind).toBe('template-rebuild');
  });

  it('never ran a mutation twice', () => {
    expect(sim.server.stats().duplicateExecutions).toEqual([]);
    expect(sim.server.stats().handlerErrors).toBe(0);
  });
});

describe('onapp simulator: one panel, both formats', () => {
  it('answers XML and JSON clients with the same servers', async () => {
    const sim = await startOnAppSimulator({ seed: 9 });
    try {
      const list = (format: OnAppFormat) =>
        collect(createOnAppProvider(sim.configFor(format)).sites.list(), { limit: 10 });
      const [xml, json] = await Promise.all([list('xml'), list('json')]);
      expect(json.map((site) => [site.id, site.name, site.status])).toEqual(
        xml.map((site) => [site.id, site.name, site.status]),
      );
      expect(Object.keys(sim.server.stats().byRoute)).toContain('GET /virtual_machines.:format');
      expect(isOmnihostError(new Error('plain'))).toBe(false);
    } finally {
      await sim.close();
    }
  });
});
