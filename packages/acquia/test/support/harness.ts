import { type AcquiaConfig, collect, type Site } from '@omnihost/core';
import { type AcquiaProvider, type AcquiaProviderConfig, createAcquiaProvider } from '../../src/index.js';
import { type AcquiaSimulator, type AcquiaSimulatorOptions, startAcquiaSimulator } from '../../src/testing/index.js';
import type { ExchangeLog } from './exchange-log.js';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

/** A simulator behind a recording proxy, and providers configured to go through it. */
export interface RecordedSimulator {
  readonly sim: AcquiaSimulator;
  readonly proxy: RecordingProxy;
  /** The simulator's config, with base and token URLs pointing at the proxy. */
  readonly config: AcquiaConfig;
  /** A provider through the proxy; `overrides` are merged into the config. */
  provider(overrides?: Partial<AcquiaProviderConfig>): AcquiaProvider;
  close(): Promise<void>;
}

/**
 * Starts a simulator and a recording proxy in front of it. Unless a test is about rate limiting, both
 * sides' limits are off (`rateLimit: false`) so tests are not paced at 100 calls per minute.
 */
export async function startRecordedSimulator(
  log: ExchangeLog,
  options: AcquiaSimulatorOptions = {},
): Promise<RecordedSimulator> {
  const sim = await startAcquiaSimulator({ rateLimit: false, ...options });
  const proxy = await startRecordingProxy(sim.url, log);
  const swap = (value: string | undefined) => (value ?? '').replace(sim.url, proxy.url);
  const config: AcquiaConfig = {
    ...sim.config,
    baseUrl: swap(sim.config.baseUrl),
    tokenUrl: swap(sim.config.tokenUrl),
  };
  const clientRateLimit = options.rateLimit === undefined || options.rateLimit === false ? false : undefined;
  return {
    sim,
    proxy,
    config,
    provider: (overrides = {}) =>
      createAcquiaProvider({
        ...config,
        ...(clientRateLimit === false ? { rateLimit: false } : {}),
        // Short backoffs keep fault tests quick; Retry-After is still honoured as sent.
        retry: { minDelayMs: 20, maxDelayMs: 200 },
        ...overrides,
      }),
    async close() {
      await proxy.close();
      await sim.close();
    },
  };
}

/** The simulator the vocabulary tests (test/services/) run on: ten sites in three applications, quick tasks. */
export const VOCABULARY_FLEET: AcquiaSimulatorOptions = { taskDurationMs: 150, seed: 42, siteCount: 10 };

/** The site of a stage (`prod`, `test`, `dev`, `ode1`) in the nth application that has one. */
export function siteOfStage(sites: readonly Site[], stage: string, application = 0): Site {
  return sites.filter((site) => site.environmentName === stage)[application] as Site;
}

/** What a vocabulary test file (test/services/) works with: the recorded simulator, a provider, its sites. */
export interface VocabularySimulator {
  readonly recorded: RecordedSimulator;
  readonly acquia: AcquiaProvider;
  readonly sites: Site[];
}

/** Starts the vocabulary tests' simulator ({@link VOCABULARY_FLEET}) behind a recording proxy, and lists its sites. */
export async function startVocabularySimulator(log: ExchangeLog): Promise<VocabularySimulator> {
  const recorded = await startRecordedSimulator(log, VOCABULARY_FLEET);
  const acquia = recorded.provider();
  return { recorded, acquia, sites: await collect(acquia.sites.list(), { limit: 100 }) };
}
