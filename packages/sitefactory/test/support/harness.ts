/**
 * Test harness: a simulator whose traffic is recorded, a provider on it, and the suite that checks the
 * recorded traffic against the official spec at the end of a test file.
 */
import { collect, type Site, type WaitClock } from '@omnihost/core';
import type { ManualClock } from '@omnihost/core/testing';
import { expect, it } from 'vitest';
import { describeWithShared } from '../../../../test/support/shared-reference.js';
import { createSiteFactoryProvider, type SiteFactoryProvider } from '../../src/index.js';
import {
  type SiteFactoryExchange,
  type SiteFactorySimulator,
  type SiteFactorySimulatorOptions,
  startSiteFactorySimulator,
} from '../../src/testing/index.js';
import { loadSpec, SpecChecker } from './spec-checker.js';

/** A simulator, a provider on it, and every exchange the simulator answered. */
export interface Recorded {
  readonly sim: SiteFactorySimulator;
  readonly provider: SiteFactoryProvider;
  readonly exchanges: SiteFactoryExchange[];
}

/**
 * Starts a recorded simulator. Rate limiting is off on both sides unless asked for: these tests send
 * bursts that would otherwise wait in the (assumed) 100-per-10-s budget.
 */
export async function startRecorded(options: SiteFactorySimulatorOptions = {}, sink?: SiteFactoryExchange[]) {
  const exchanges = sink ?? [];
  const sim = await startSiteFactorySimulator({
    rateLimit: false,
    ...options,
    onExchange: (exchange) => exchanges.push(exchange),
  });
  const provider = createSiteFactoryProvider({ ...sim.config, rateLimit: false, retry: { minDelayMs: 10 } });
  return { sim, provider, exchanges } satisfies Recorded;
}

/** A recorded simulator with short tasks (80 ms), and the id of a production site on it. */
export async function startWithProdSite(sink: SiteFactoryExchange[]): Promise<Recorded & { siteId: string }> {
  const env = await startRecorded({ taskDurationMs: 80, seed: 21 }, sink);
  const [site] = await collect(env.provider.sites.list({ environment: 'prod' }), { limit: 1 });
  return { ...env, siteId: (site as Site).id };
}

/**
 * A recorded simulator for ten-minute tasks on `clock`: 102 sites over two stacks, 51 production sites on the
 * first and 51 test and dev sites on the second, so a code update of the staging sites' stack runs 51 site
 * updates.
 */
export function startLongTasks(clock: ManualClock, sink: SiteFactoryExchange[]): Promise<Recorded> {
  return startRecorded({ taskDurationMs: 10 * 60_000, siteCount: 102, seed: 9, clock }, sink);
}

/** A staging site on the second stack of {@link startLongTasks}'s factory. */
export async function stagingStackSite(env: Recorded): Promise<Site> {
  const sites = await collect(env.provider.sites.list(), { limit: 200 });
  return sites.find((site) => site.group === '2' && site.environment === 'staging') as Site;
}

/** A wait clock that moves a manual simulator clock instead of sleeping: long tasks finish at once. */
export function steppingClock(clock: ManualClock): WaitClock {
  return {
    now: () => clock.now(),
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      clock.advance(ms);
    },
  };
}

/**
 * Adds, at the end of the calling file, the check that every recorded request was valid against the
 * official spec and every 200 response of a spec operation validates against its schema. Skipped (with
 * a message) when the shared reference folder is absent. Prints what it counted.
 */
export function checkTrafficAgainstSpec(suite: string, exchanges: () => readonly SiteFactoryExchange[]): void {
  describeWithShared(`${suite}: traffic against the official spec`, () => {
    it('every request is valid and every 200 response validates against its schema', () => {
      const recorded = exchanges();
      const report = new SpecChecker(loadSpec()).check(recorded);
      console.info(
        `[sitefactory spec fidelity] ${suite}: ${report.requestsValidated} requests and ${report.responsesValidated} responses validated against the spec over ${report.operations.size} operations (${report.outsideSpec} to hand-typed operations)`,
      );
      expect(recorded.length).toBeGreaterThan(0);
      expect(report.violations).toEqual([]);
    });
  });
}
