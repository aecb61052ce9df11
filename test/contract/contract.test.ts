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
  collect,
  createProvider,
  deploymentSchema,
  NotFoundError,
  type Provider,
  type Site,
  siteSchema,
  TaskFailedError,
  taskSchema,
  UnsupportedOperationError,
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
      const waiting = operation.wait({ signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const started = performance.now();
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortError);
      expect(performance.now() - started).toBeLessThan(100);
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
});
