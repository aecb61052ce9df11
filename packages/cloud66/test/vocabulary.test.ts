/** The vocabulary end to end against the simulator: sites, deploys, backups, tasks. */
import {
  backupSchema,
  collect,
  createProvider,
  deploymentSchema,
  siteSchema,
  TaskFailedError,
  UnsupportedOperationError,
} from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { actionTaskId, cloud66Capabilities, createCloud66Provider } from '../src/index.js';
import { startCloud66Simulator } from '../src/testing/index.js';
import { DOCKER, FAST_WAIT, PROD, providerFor, STAGING, simulatorForFile } from './helpers.js';

const sim = await simulatorForFile();
const provider = providerFor(sim);

describe('sites', () => {
  it('lists the stacks as sites, with prod and staging among them', async () => {
    const sites = await collect(provider.sites.list(), { limit: 100 });
    expect(sites).toHaveLength(8);
    for (const site of sites) expect(siteSchema.safeParse(site).success).toBe(true);
    expect(sites[PROD]).toMatchObject({ id: sim.stackUid(PROD), environment: 'prod', environmentName: 'production' });
    expect(sites[STAGING]).toMatchObject({ environment: 'staging', status: 'active', rawStatus: '1' });
    expect(sites.map((site) => site.environment)).toContain('dev');
  });

  it('filters by environment on the client, over the vendor names', async () => {
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 100 });
    expect(prod.length).toBeGreaterThanOrEqual(2);
    expect(prod.every((site) => site.environmentName === 'production')).toBe(true);
  });

  it('gets one stack, with its non-ISO creation date read', async () => {
    const site = await provider.sites.get(sim.stackUid(PROD));
    expect(site.createdAt).toBeInstanceOf(Date);
    expect(site.url).toMatch(/\.c66\.me$/);
  });

  it('is reachable through core createProvider too', async () => {
    const generic = await createProvider(sim.config);
    expect(generic.vendor).toBe('cloud66');
    expect((await generic.sites.get(sim.stackUid(STAGING))).environment).toBe('staging');
  });
});

describe('deploys', () => {
  it('redeploys a classic stack at a git ref, waits on the async action, and finds the deployment', async () => {
    const uid = sim.stackUid(STAGING);
    const operation = await provider.deploys.deploy(uid, { ref: 'tags/2.4.0', message: 'release 2.4.0' });
    expect(operation.queued).toBe(false);
    expect(operation.task).toMatchObject({ state: 'running', kind: 'application_deployment' });
    const deployment = await operation.wait(FAST_WAIT);
    expect(deploymentSchema.safeParse(deployment).success).toBe(true);
    expect(deployment).toMatchObject({ state: 'succeeded', scope: 'site', ref: 'tags/2.4.0', siteId: uid });

    const history = await collect(provider.deploys.list(uid), { limit: 10 });
    expect(history[0]?.id).toBe(deployment.id);
    expect(history.length).toBe(4);
    // The user_reference (the vocabulary's message) lands in the action's metadata.
    const action = await provider.raw.actions.get(uid, operation.task.id.split(':')[1] as string);
    expect(action.metadata?.user_reference).toBe('release 2.4.0');
  });

  it('redeploys a Docker stack by services at the image tag the ref names', async () => {
    const operation = await provider.deploys.deploy(sim.stackUid(DOCKER), { ref: 'tags/2.4.0' });
    expect((await operation.wait(FAST_WAIT)).state).toBe('succeeded');
    await expect(provider.deploys.deploy(sim.stackUid(DOCKER), { ref: 'feature/a b' })).rejects.toThrow(
      /not an image tag/,
    );
  });

  it('cannot promote another stack', async () => {
    await expect(
      provider.deploys.deploy(sim.stackUid(STAGING), { fromSiteId: sim.stackUid(PROD) }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('cancels a running deploy: the action finishes unsuccessfully with the cancel message', async () => {
    const slow = await startCloud66Simulator({ taskDurationMs: 60_000 });
    try {
      const slowProvider = providerFor(slow);
      const operation = await slowProvider.deploys.deploy(slow.stackUid(STAGING), { ref: 'main' });
      await slowProvider.tasks.cancel(operation.task.id);
      const error = await operation.wait(FAST_WAIT).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).task.message).toBe('Deployment cancelled');
      expect(slow.server.stats().executions['deployment-cancel']).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

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

describe('tasks', () => {
  it('gets and waits on any async action by "<stack uid>:<action id>"', async () => {
    const uid = sim.stackUid(STAGING);
    const action = await provider.raw.actions.run(uid, { command: 'clear_caches' });
    const id = actionTaskId(uid, action.id);
    expect((await provider.tasks.get(id)).state).toBe('running');
    const done = await provider.tasks.wait(id, FAST_WAIT);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'clear_caches', message: 'Completed successfully' });
  });

  it('refuses to cancel an action that is not a deploy, and ids that are not Cloud 66 ones', async () => {
    const uid = sim.stackUid(STAGING);
    const action = await provider.raw.actions.run(uid, { command: 'restart' });
    await expect(provider.tasks.cancel(actionTaskId(uid, action.id))).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(provider.tasks.get('12345')).rejects.toThrow(/not a Cloud 66 task id/);
  });
});
