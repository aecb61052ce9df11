/**
 * The simulator's fault knobs: scripted failures by kind and the seeded failure rate (core's
 * TaskOutcomePolicy), injected HTML 500s, a server-side rate limit, and random transport faults under
 * which no mutation runs twice.
 */
import { collect, isOmnihostError, ServerError, type Site, TaskFailedError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat } from '../../src/index.js';
import { startOnAppSimulator } from '../../src/testing/index.js';
import { useSimulatedPanel, withSim } from '../support/harness.js';

const FAST = { timeoutMs: 30_000, minIntervalMs: 20, maxIntervalMs: 100 };

describe.each(['xml', 'json'] as const)('onapp simulator faults (%s)', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format, { seed: 21 });

  it('answers a 500 with an HTML page that becomes a ServerError without the markup', async () => {
    const { sim, provider } = panel;
    sim.server.inject({ kind: 'server-error', status: 500, count: 1 });
    const error = await provider.sites.get(panel.named('shop-prod-01').id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(500);
    expect((error as Error).message).toContain('HTML error page');
    expect((error as Error).message).not.toContain('administrator');
  });
});

describe('onapp simulator: failing tasks', () => {
  it('fails tasks by kind, or all of them at a failure rate of 1', async () => {
    await withSim({ taskDurationMs: 50, seed: 4 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      const id = (site as Site).id;
      sim.failNextTasks(1, 'deploy'); // not a backup: the backup succeeds
      await expect((await provider.backups.create(id)).wait(FAST)).resolves.toMatchObject({ state: 'completed' });
      sim.failNextTasks(1, 'any');
      sim.failNextTasks(0, 'deploy'); // clears nothing, adds nothing
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      );
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      ); // the 'deploy' one left from above
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).resolves.toMatchObject({
        state: 'succeeded',
      });
    });
    await withSim({ taskDurationMs: 50, taskFailureRate: 1, seed: 4 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      await expect((await provider.backups.create((site as Site).id)).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      );
    });
  });

  it('scripted failures are used in the order they were scripted, each by the first task it matches', async () => {
    await withSim({ taskDurationMs: 50, seed: 4 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const [site] = await collect(provider.sites.list(), { limit: 1 });
      const id = (site as Site).id;
      sim.failNextTasks(1, 'any');
      sim.failNextTasks(1, 'backup');
      // The 'any' entry came first, so the deploy uses it; the backup entry waits for a backup.
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).rejects.toBeInstanceOf(
        TaskFailedError,
      );
      await expect((await provider.deploys.deploy(id, { ref: 'main' })).wait(FAST)).resolves.toMatchObject({
        state: 'succeeded',
      });
      await expect((await provider.backups.create(id)).wait(FAST)).rejects.toBeInstanceOf(TaskFailedError);
      await expect((await provider.backups.create(id)).wait(FAST)).resolves.toMatchObject({ state: 'completed' });
    });
  });

  it('refuses a failure rate outside 0..1', async () => {
    await expect(startOnAppSimulator({ taskFailureRate: 1.5 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('onapp simulator: transport faults', () => {
  it('enforces a configured rate limit with 429 + Retry-After, which the client absorbs', async () => {
    await withSim({ rateLimit: { limit: 3, windowMs: 1000 }, seed: 2 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      const sites = await collect(provider.sites.list(), { limit: 10 });
      // Six at once against three a second: some are throttled, and all get through on a retry.
      const results = await Promise.all(sites.map((site) => provider.sites.get(site.id)));
      expect(results).toHaveLength(sites.length);
      expect(sim.server.stats().throttled).toBeGreaterThan(0);
      expect(provider.stats().throttled).toBeGreaterThan(0);
      expect(provider.stats().failures).toBe(0);
    });
  });

  it('under 20% random faults, never executes a mutation twice and fails only with typed errors', async () => {
    await withSim(
      {
        taskDurationMs: 30,
        seed: 13,
        faults: { rate: 0.2, seed: 13, slowMs: 30, retryAfterSeconds: 0 },
      },
      async (sim) => {
        const provider = createOnAppProvider({ ...sim.config, retry: { minDelayMs: 5, maxDelayMs: 20 } });
        sim.server.setRandomFaults(undefined);
        const sites = await collect(provider.sites.list(), { limit: 10 });
        sim.server.setRandomFaults({ rate: 0.2, seed: 13, slowMs: 30, retryAfterSeconds: 0 });
        const outcomes = await Promise.all(
          sites.map(async (site, index) => {
            try {
              if (index % 2 === 0) await (await provider.backups.create(site.id)).wait(FAST);
              else await (await provider.deploys.deploy(site.id, { ref: 'main' })).wait(FAST);
              return 'ok';
            } catch (error) {
              if (!isOmnihostError(error)) throw error;
              return error.name;
            }
          }),
        );
        const stats = sim.server.stats();
        expect(Object.values(stats.faults).reduce((sum, count) => sum + (count ?? 0), 0)).toBeGreaterThan(0);
        expect(stats.duplicateExecutions).toEqual([]);
        expect(stats.handlerErrors).toBe(0);
        expect(outcomes).toHaveLength(sites.length);
      },
    );
  });
});
