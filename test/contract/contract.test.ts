/**
 * The contract: one suite, written once against `@omnihost/core` types, run for every vendor against its
 * simulator. Test names start with the vendor, so a gap shows which vendor has it.
 */

import type { ProviderConfig } from '@omnihost/core';
import {
  AbortError,
  AuthenticationError,
  type Backup,
  backupSchema,
  ConflictError,
  collect,
  createProvider,
  type Deployment,
  deploymentSchema,
  isEnvironmentUnknown,
  type Logger,
  NotFoundError,
  type Operation,
  type Provider,
  type Site,
  siteSchema,
  TaskFailedError,
  taskSchema,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESSES } from './vendors.js';

describe.each(HARNESSES)('$vendor contract', (harness) => {
  let sim: VendorSimulator<ProviderConfig>;
  let provider: Provider;
  let sites: Site[];

  beforeAll(async () => {
    sim = await harness.start({ taskDurationMs: 300, seed: 7 });
    provider = (await createProvider(sim.config)) as Provider;
    sites = await collect(provider.sites.list(), { limit: 1000 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const prodSite = () => sites.find((site) => site.environment === 'prod') as Site;
  const stagingSite = () => sites.find((site) => site.environment === 'staging') as Site;
  const quick = { timeoutMs: 60_000, minIntervalMs: 100 };
  /** A provider on the simulator whose logger keeps every warning. */
  const warnedProvider = async (config: ProviderConfig = sim.config) => {
    const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const logger: Logger = { warn: (message, fields) => warnings.push({ message, fields }) };
    return { provider: (await createProvider({ ...config, logger } as ProviderConfig)) as Provider, warnings };
  };
  const executions = () => JSON.stringify(sim.server.stats().executions);

  it(`${harness.vendor}: lists sites with the vocabulary's fields, prod and staging among them`, () => {
    expect(sites.length).toBeGreaterThanOrEqual(4);
    for (const site of sites) {
      expect(siteSchema.safeParse(site).success, JSON.stringify(siteSchema.safeParse(site).error?.issues)).toBe(true);
      expect(site.vendor).toBe(harness.vendor);
    }
    expect(new Set(sites.map((site) => site.id)).size).toBe(sites.length);
    expect(prodSite()).toBeDefined();
    expect(stagingSite()).toBeDefined();
  });

  it(`${harness.vendor}: gets a site by id`, async () => {
    const listed = prodSite();
    const site = await provider.sites.get(listed.id);
    expect(site.id).toBe(listed.id);
    expect(site.name).toBe(listed.name);
    expect(site.environment).toBe('prod');
  });

  it(`${harness.vendor}: an unknown id gives NotFoundError`, async () => {
    await expect(provider.sites.get('9999999')).rejects.toBeInstanceOf(NotFoundError);
  });

  it(`${harness.vendor}: bad credentials give AuthenticationError`, async () => {
    const impostor = (await createProvider(sim.badCredentialsConfig)) as Provider;
    await expect(collect(impostor.sites.list(), { limit: 1 })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it(`${harness.vendor}: backups create → wait → listed → restore → delete, where capabilities allow`, async () => {
    const site = prodSite();
    const caps = provider.capabilities.backups;
    if (!caps.create) {
      await expect(provider.backups.create(site.id)).rejects.toBeInstanceOf(UnsupportedOperationError);
      if (!caps.restore)
        await expect(provider.backups.restore(site.id, '1')).rejects.toBeInstanceOf(UnsupportedOperationError);
      if (!caps.delete)
        await expect(provider.backups.delete(site.id, '1')).rejects.toBeInstanceOf(UnsupportedOperationError);
      return;
    }
    const operation = await provider.backups.create(site.id, { label: 'contract' });
    expect(taskSchema.safeParse(operation.task).success).toBe(true);
    const backup: Backup = await operation.wait({ timeoutMs: 60_000, minIntervalMs: 100 });
    expect(backupSchema.safeParse(backup).success, JSON.stringify(backupSchema.safeParse(backup).error?.issues)).toBe(
      true,
    );
    expect(backup.siteId).toBe(site.id);
    expect(backup.state).toBe('completed');

    const listed = await collect(provider.backups.list(site.id), { limit: 1000 });
    expect(listed.map((item) => item.id)).toContain(backup.id);
    expect((await provider.backups.get(site.id, backup.id)).id).toBe(backup.id);

    if (caps.downloadLink) {
      const link = await provider.backups.downloadLink(site.id, backup.id);
      expect(link.url).toMatch(/^https?:\/\//);
      expect(link.segments.length).toBeGreaterThanOrEqual(1);
    }
    if (caps.restore) {
      const restored = await (await provider.backups.restore(site.id, backup.id)).wait({
        timeoutMs: 60_000,
        minIntervalMs: 100,
      });
      expect(restored.state).toBe('succeeded');
    }
    if (caps.delete) {
      await (await provider.backups.delete(site.id, backup.id)).wait({ timeoutMs: 60_000, minIntervalMs: 100 });
      const after = await collect(provider.backups.list(site.id), { limit: 1000 });
      expect(after.map((item) => item.id)).not.toContain(backup.id);
    }
  });

  it(`${harness.vendor}: deploy → wait → succeeded`, async () => {
    const site = stagingSite();
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    const deployment = await operation.wait({ timeoutMs: 60_000, minIntervalMs: 100 });
    expect(
      deploymentSchema.safeParse(deployment).success,
      JSON.stringify(deploymentSchema.safeParse(deployment).error?.issues),
    ).toBe(true);
    expect(deployment.state).toBe('succeeded');
    expect(deployment.scope).toBe(provider.capabilities.deploys.scope);
  });

  it(`${harness.vendor}: a task made to fail throws TaskFailedError`, async () => {
    sim.failNextTasks(1, 'deploy');
    const operation = await provider.deploys.deploy(stagingSite().id, { ref: 'tags/broken' });
    const error = await operation.wait({ timeoutMs: 60_000, minIntervalMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).task.vendor).toBe(harness.vendor);
    expect(['failed', 'cancelled']).toContain((error as TaskFailedError).task.state);
  });

  it(`${harness.vendor}: a throttling storm with Retry-After is absorbed without a failed call`, async () => {
    const before = provider.stats();
    sim.server.setRandomFaults({ rate: 0, retryAfterSeconds: 1 });
    sim.server.inject({ kind: 'throttle', count: 3 });
    const results = await Promise.all(sites.slice(0, 4).map((site) => provider.sites.get(site.id)));
    expect(results).toHaveLength(4);
    const after = provider.stats();
    expect(after.throttled - before.throttled).toBeGreaterThanOrEqual(3);
    expect(after.failures).toBe(before.failures);
  });

  it(`${harness.vendor}: an abort ends a wait promptly`, async () => {
    const slow = await harness.start({ taskDurationMs: 120_000, seed: 3 });
    try {
      const slowProvider = (await createProvider(slow.config)) as Provider;
      const [site] = await collect(slowProvider.sites.list({ environment: 'staging' }), { limit: 1 });
      const operation = await slowProvider.deploys.deploy((site as Site).id, { ref: 'tags/2.4.0' });
      const controller = new AbortController();
      // A 60 s gap between polls: a wait that only noticed the abort at its next poll would take that long.
      const waiting = operation.wait({ signal: controller.signal, minIntervalMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const started = performance.now();
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortError);
      expect(performance.now() - started).toBeLessThan(3_000); // slack for timer lag on a loaded CI machine
    } finally {
      await slow.close();
    }
  });

  it(`${harness.vendor}: pages through 2,500 sites lazily`, async () => {
    const big = await harness.start({ siteCount: 2500, seed: 11 });
    try {
      const bigProvider = (await createProvider(big.config)) as Provider;
      const first = await collect(bigProvider.sites.list(), { limit: 5 });
      expect(first).toHaveLength(5);
      const afterFive = big.server.stats().requests;
      // A handful of items costs a handful of requests, not the whole fleet.
      expect(afterFive).toBeLessThanOrEqual(4);
      const ids = new Set<string>();
      let pages = 0;
      for await (const page of bigProvider.sites.list().pages()) {
        pages += 1;
        for (const site of page) ids.add(site.id);
      }
      expect(ids.size).toBe(2500);
      expect(pages).toBeGreaterThan(1);
    } finally {
      await big.close();
    }
  });
  // Issue 13: the cases below hold the promise that the same call means the same thing on every vendor.

  it(`${harness.vendor}: components it cannot honour are refused on every start call, and nothing starts`, async () => {
    const site = prodSite();
    const caps = provider.capabilities.backups;
    const before = executions();
    const refusal = async (call: () => Promise<unknown>) =>
      call().then(
        () => undefined,
        (error: unknown) => error,
      );
    // create: no components at all → UnsupportedOperationError; an unknown or empty list → ValidationError.
    if (!caps.create || caps.components.length === 0) {
      expect(await refusal(() => provider.backups.create(site.id, { components: ['database'] }))).toBeInstanceOf(
        UnsupportedOperationError,
      );
    } else {
      for (const components of [['no-such-part'], []]) {
        expect(await refusal(() => provider.backups.create(site.id, { components }))).toBeInstanceOf(ValidationError);
      }
    }
    // restore: never more than was asked, so what it cannot restore part by part is refused, never widened.
    const [backup] = caps.list ? await collect(provider.backups.list(site.id), { limit: 1 }) : [];
    const backupId = backup?.id ?? '1';
    if (!caps.restore || caps.restoreComponents.length === 0) {
      expect(
        await refusal(() => provider.backups.restore(site.id, backupId, { components: ['database'] })),
      ).toBeInstanceOf(UnsupportedOperationError);
    } else {
      const notRestorable = caps.components.find(
        (part) => !(caps.restoreComponents as readonly string[]).includes(part),
      );
      for (const components of [['no-such-part'], [], ...(notRestorable ? [[notRestorable]] : [])]) {
        expect(await refusal(() => provider.backups.restore(site.id, backupId, { components }))).toBeInstanceOf(
          ValidationError,
        );
      }
    }
    expect(executions()).toBe(before);
  });

  it(`${harness.vendor}: a label or deploy message it cannot keep is warned about the same way, and not lost silently`, async () => {
    const { provider: warned, warnings } = await warnedProvider();
    const caps = warned.capabilities;
    if (caps.backups.create) {
      const operation = await warned.backups.create(prodSite().id, { label: 'contract-label' });
      const labelWarnings = (operation.task.warnings ?? []).filter((text) => text.startsWith('label not kept: '));
      const backup = await operation.wait(quick);
      if (caps.backups.labels) {
        expect(labelWarnings).toEqual([]);
        expect(backup.label).toBe('contract-label');
      } else {
        expect(labelWarnings).toHaveLength(1);
        expect(warnings.filter((warning) => warning.fields?.field === 'label')).toHaveLength(1);
        expect(backup.label).not.toBe('contract-label');
      }
    }
    const site = stagingSite();
    const operation = await warned.deploys.deploy(site.id, { ref: 'tags/2.4.0', message: 'contract note' });
    const messageWarnings = (operation.task.warnings ?? []).filter((text) => text.startsWith('message not kept: '));
    const deployment = await operation.wait(quick);
    if (caps.deploys.message) {
      expect(messageWarnings).toEqual([]);
      expect(deployment.message).toBe('contract note');
      if (caps.deploys.list) {
        const listed = await collect(warned.deploys.list(site.id), { limit: 30 });
        expect(listed.find((item) => item.id === deployment.id)?.message).toBe('contract note');
      }
    } else {
      expect(messageWarnings).toHaveLength(1);
      expect(warnings.filter((warning) => warning.fields?.field === 'message')).toHaveLength(1);
      expect(deployment.message).toBeUndefined();
    }
  });

  it(`${harness.vendor}: a deployment keeps the ref asked for apart from the commit, and names the sites it touched`, async () => {
    const site = stagingSite();
    const deployment: Deployment = await (await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(quick);
    expect(deployment.ref).toBe('tags/2.4.0');
    if (deployment.commit !== undefined) expect(deployment.commit).not.toBe(deployment.ref);
    if (provider.capabilities.deploys.list) {
      const listed = (await collect(provider.deploys.list(site.id), { limit: 30 })).find(
        (item) => item.id === deployment.id,
      );
      expect(listed).toBeDefined();
      expect(listed?.commit).toBe(deployment.commit);
      // A listed deployment names the ref only where the vendor says it, never the commit in its place.
      if (listed?.ref !== undefined) expect(listed.ref).toBe(deployment.ref);
    }
    if (provider.capabilities.deploys.scope === 'stack') {
      const ids = new Set(sites.map((item) => item.id));
      expect(deployment.affectedSiteIds).toContain(site.id);
      expect(deployment.affectedSiteIds?.every((id) => ids.has(id))).toBe(true);
    } else if (deployment.affectedSiteIds !== undefined) {
      expect(deployment.affectedSiteIds).toEqual([site.id]);
    }
  });

  it(`${harness.vendor}: an id it can never issue is NotFoundError, and a malformed one costs no request`, async () => {
    const malformed = '999999-doesnotexist';
    const before = sim.server.stats().requests;
    const calls = (id: string) => [
      () => provider.sites.get(id),
      () => provider.tasks.get(id),
      () => provider.backups.get(prodSite().id, id),
      () => collect(provider.backups.list(id), { limit: 1 }),
    ];
    for (const call of calls(malformed)) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toMatch(/is not an? .* id/);
    }
    expect(sim.server.stats().requests).toBe(before);
    // Other vendors' ids (an Acquia environment id, a Cloud 66 stack uid) name nothing here either.
    for (const foreign of ['24-a47ac10b-58cc-4372-a567-0e02b2c3d470', '5999b763474b0eafa5fafb64bff0ba80']) {
      await expect(provider.sites.get(foreign), foreign).rejects.toBeInstanceOf(NotFoundError);
      await expect(provider.tasks.get(foreign), foreign).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it(`${harness.vendor}: selecting by environment finds prod with no stage configured, and never selects nothing silently`, async () => {
    // What an OMNIHOST_* environment without a stage variable gives: no config `environment` override.
    const { environment: _override, ...plain } = sim.config as ProviderConfig & { environment?: unknown };
    const { provider: unconfigured, warnings } = await warnedProvider(plain as ProviderConfig);
    const all = await collect(unconfigured.sites.list(), { limit: 1000 });
    const unknown = all.filter(isEnvironmentUnknown);
    for (const environment of ['prod', 'staging', 'dev'] as const) {
      const expected = all.filter((site) => site.environment === environment).map((site) => site.id);
      const selected = await collect(unconfigured.sites.list({ environment }), { limit: 1000 }).then(
        (list) => list.map((site) => site.id),
        (error: unknown) => error,
      );
      if (expected.length === 0 && unknown.length > 0) {
        expect(selected, environment).toBeInstanceOf(ValidationError);
      } else {
        expect(selected, environment).toEqual(expected);
      }
    }
    expect(all.filter((site) => site.environment === 'prod').length).toBeGreaterThan(0);
    // `other` keeps the sites whose stage cannot be told; passing them over is said.
    const others = await collect(unconfigured.sites.list({ environment: 'other' }), { limit: 1000 });
    expect(others.map((site) => site.id)).toEqual(all.filter((site) => site.environment === 'other').map((s) => s.id));
    if (unknown.length > 0) expect(warnings.length).toBeGreaterThan(0);
    else expect(warnings).toEqual([]);
  });

  it(`${harness.vendor}: a second deploy while one runs is accepted or a ConflictError, and a cancel is cancelled`, async () => {
    const slow = await harness.start({ taskDurationMs: 120_000, seed: 5 });
    try {
      const slowProvider = (await createProvider(slow.config)) as Provider;
      const [site] = await collect(slowProvider.sites.list({ environment: 'staging' }), { limit: 1 });
      const siteId = (site as Site).id;
      const first = await slowProvider.deploys.deploy(siteId, { ref: 'tags/2.4.0' });
      // Busy is ConflictError on every vendor (or the vendor queues the deploy): never a ValidationError.
      const second = await slowProvider.deploys.deploy(siteId, { ref: 'tags/2.4.0' }).then(
        (operation: Operation<Deployment>) => operation,
        (error: unknown) => error,
      );
      if (second instanceof Error) expect(second).toBeInstanceOf(ConflictError);
      if (!slowProvider.capabilities.tasks.cancel) {
        await expect(slowProvider.tasks.cancel(first.task.id)).rejects.toBeInstanceOf(UnsupportedOperationError);
        return;
      }
      await slowProvider.tasks.cancel(first.task.id);
      const error = await first.wait({ timeoutMs: 20_000, minIntervalMs: 50 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).task.state).toBe('cancelled');
      const waited = await slowProvider.tasks.wait(first.task.id, { timeoutMs: 20_000 }).catch((e: unknown) => e);
      expect((waited as TaskFailedError).task.state).toBe('cancelled');
      if (slowProvider.capabilities.deploys.list) {
        const listed = await collect(slowProvider.deploys.list(siteId), { limit: 30 });
        expect(listed.some((deployment) => deployment.state === 'cancelled')).toBe(true);
        expect(listed.some((deployment) => deployment.state === 'failed')).toBe(false);
      }
    } finally {
      await slow.close();
    }
  });
});
