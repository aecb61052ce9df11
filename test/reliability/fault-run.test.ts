/**
 * Fault run: 200 backups and 50 deploys across the four simulators while 20% of requests meet an injected
 * fault (5xx, a reset before or after the handler ran, throttling with Retry-After, a slow answer, a
 * malformed body, an expired token). Every operation must end — succeeded, or a typed omnihost error —
 * none may hang or vanish, and no mutation may run twice: the simulators record each executed mutation by
 * the call id the client sent, so a blind re-send of a POST that had already run shows up as a duplicate.
 *
 * Backups go to the three vendors that take on-demand backups (Cloud 66 only has scheduled ones); deploys
 * go to all four, one after another per vendor, since a vendor serialises deploys of one stack anyway.
 */
import {
  collect,
  createProvider,
  isOmnihostError,
  type Provider,
  type ProviderConfig,
  type Site,
  type VendorId,
} from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';

const BACKUPS = 200;
const DEPLOYS = 50;
const FAULT_RATE = 0.2;
const WAIT = { timeoutMs: 60_000, minIntervalMs: 100, maxIntervalMs: 1_000 };

interface Fleet {
  vendor: VendorId;
  sim: VendorSimulator<ProviderConfig>;
  provider: Provider;
  sites: Site[];
}

type Outcome = { kind: 'backup' | 'deploy'; vendor: VendorId; result: 'succeeded' | Error };

/** Runs `jobs` with at most `limit` at a time. */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await (jobs[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

async function settle(kind: Outcome['kind'], vendor: VendorId, run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { kind, vendor, result: 'succeeded' };
  } catch (error) {
    return { kind, vendor, result: error as Error };
  }
}

describe('fault run: 200 backups + 50 deploys with 20% injected faults', () => {
  const fleets: Fleet[] = [];
  let outcomes: Outcome[] = [];

  beforeAll(async () => {
    for (const harness of HARNESSES) {
      const sim = await harness.start({ taskDurationMs: 300, seed: 99, rateLimit: false });
      const provider = (await createProvider({
        ...sim.config,
        rateLimit: false,
        retry: { retries: 4, minDelayMs: 50, maxDelayMs: 500, maxTotalWaitMs: 10_000 },
      })) as Provider;
      const sites = await collect(provider.sites.list(), { limit: 200 });
      sim.server.resetStats();
      sim.server.setRandomFaults({ rate: FAULT_RATE, seed: 4242, slowMs: 300, retryAfterSeconds: 1 });
      fleets.push({ vendor: harness.vendor, sim, provider, sites });
    }

    const backupFleets = fleets.filter((fleet) => fleet.provider.capabilities.backups.create);
    const jobs: Array<Promise<Outcome[]>> = [];
    backupFleets.forEach((fleet, index) => {
      const count = Math.floor(BACKUPS / backupFleets.length) + (index < BACKUPS % backupFleets.length ? 1 : 0);
      const backups = Array.from({ length: count }, (_, n) => {
        const site = fleet.sites[n % fleet.sites.length] as Site;
        return () =>
          settle('backup', fleet.vendor, async () => (await fleet.provider.backups.create(site.id)).wait(WAIT));
      });
      jobs.push(pool(backups, 8));
    });
    fleets.forEach((fleet, index) => {
      const count = Math.floor(DEPLOYS / fleets.length) + (index < DEPLOYS % fleets.length ? 1 : 0);
      const staging = fleet.sites.filter((site) => site.environment === 'staging');
      const deploys = Array.from({ length: count }, (_, n) => {
        const site = staging[n % staging.length] as Site;
        return () =>
          settle('deploy', fleet.vendor, async () =>
            (await fleet.provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(WAIT),
          );
      });
      jobs.push(pool(deploys, 1));
    });
    outcomes = (await Promise.all(jobs)).flat();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(fleets.map((fleet) => fleet.sim.close()));
  });

  it('every operation ended: none hung, none vanished', () => {
    expect(outcomes.filter((outcome) => outcome.kind === 'backup')).toHaveLength(BACKUPS);
    expect(outcomes.filter((outcome) => outcome.kind === 'deploy')).toHaveLength(DEPLOYS);
  });

  it('every failure is a typed omnihost error', () => {
    const untyped = outcomes.filter((outcome) => outcome.result !== 'succeeded' && !isOmnihostError(outcome.result));
    expect(untyped.map((outcome) => `${outcome.vendor} ${outcome.kind}: ${String(outcome.result)}`)).toEqual([]);
  });

  it('faults really were injected, and most operations still succeeded', () => {
    const faults = fleets.reduce(
      (sum, fleet) => sum + Object.values(fleet.sim.server.stats().faults).reduce((a, b) => a + (b ?? 0), 0),
      0,
    );
    const succeeded = outcomes.filter((outcome) => outcome.result === 'succeeded').length;
    const summary = new Map<string, number>();
    for (const outcome of outcomes) {
      const key = `${outcome.vendor} ${outcome.kind} ${outcome.result === 'succeeded' ? 'succeeded' : outcome.result.name}`;
      summary.set(key, (summary.get(key) ?? 0) + 1);
    }
    console.info(
      `[fault run] ${faults} faults injected; ${succeeded}/${outcomes.length} operations succeeded\n` +
        [...summary.entries()].map(([key, count]) => `  ${key}: ${count}`).join('\n'),
    );
    expect(faults).toBeGreaterThan(100);
    expect(succeeded / outcomes.length).toBeGreaterThan(0.5);
  });

  it('no mutation was executed twice', () => {
    for (const fleet of fleets) {
      expect(fleet.sim.server.stats().duplicateExecutions, fleet.vendor).toEqual([]);
    }
  });

  it('no operation reported success for work the vendor never did', () => {
    for (const fleet of fleets) {
      const executed = Object.values(fleet.sim.server.stats().executions).reduce((a, b) => a + b, 0);
      const succeeded = outcomes.filter((o) => o.vendor === fleet.vendor && o.result === 'succeeded').length;
      expect(executed, fleet.vendor).toBeGreaterThanOrEqual(succeeded);
    }
  });
});
