/**
 * One simulated panel per describe block, spoken to in one wire format: the simulator, a provider on its
 * config, and the seeded sites as the provider listed them. The vocabulary suites run once per format.
 */
import { collect, type Site } from '@omnihost/core';
import { afterAll, beforeAll } from 'vitest';
import { createOnAppProvider, type OnAppFormat, type OnAppProvider } from '../../src/index.js';
import { type OnAppSimulator, type OnAppSimulatorOptions, startOnAppSimulator } from '../../src/testing/index.js';

/** Waits quick enough for 100 ms tasks, patient enough for a loaded machine. */
export const FAST = { timeoutMs: 30_000, minIntervalMs: 25, maxIntervalMs: 200 };

/** A running panel (read its fields inside tests: they are set by `beforeAll`). */
export interface SimulatedPanel {
  readonly sim: OnAppSimulator;
  readonly provider: OnAppProvider;
  /** The seeded sites, as `sites.list()` returned them before any test ran. */
  readonly sites: readonly Site[];
  /** The seeded site labelled `name` (`shop-prod-01`, …). */
  named(name: string): Site;
}

/**
 * Starts a panel before the enclosing describe block's tests and closes it after them. Defaults: seed 5,
 * 100 ms tasks (the seeded fleet: shop-prod-01, shop-staging-01, shop-dev-01, shop-worker-01,
 * blog-prod-01, blog-staging-01).
 */
export function useSimulatedPanel(format: OnAppFormat, options: OnAppSimulatorOptions = {}): SimulatedPanel {
  let state: { sim: OnAppSimulator; provider: OnAppProvider; sites: Site[] } | undefined;
  const current = () => {
    if (!state) throw new Error('the simulated panel is not running (use it inside a test)');
    return state;
  };
  beforeAll(async () => {
    const sim = await startOnAppSimulator({ format, taskDurationMs: 100, seed: 5, ...options });
    const provider = createOnAppProvider(sim.config);
    state = { sim, provider, sites: [] }; // closed by afterAll even if listing fails
    state.sites = await collect(provider.sites.list(), { limit: 100 });
  });
  afterAll(async () => {
    await state?.sim.close();
    state = undefined;
  });
  return {
    get sim() {
      return current().sim;
    },
    get provider() {
      return current().provider;
    },
    get sites() {
      return current().sites;
    },
    named(name) {
      const site = current().sites.find((candidate) => candidate.name === name);
      if (!site) throw new Error(`no site ${name}`);
      return site;
    },
  };
}

/** Runs `run` against a simulator of its own, closed afterwards whatever happens. */
export async function withSim<T>(options: OnAppSimulatorOptions, run: (sim: OnAppSimulator) => Promise<T>): Promise<T> {
  const sim = await startOnAppSimulator(options);
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}
