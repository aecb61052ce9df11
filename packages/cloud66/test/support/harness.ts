/** A simulator and a provider pointed at it, with the short waits the package's tests use. */
import type { Logger } from '@omnihost/core';
import { afterAll } from 'vitest';
import { type Cloud66Provider, createCloud66Provider } from '../../src/index.js';
import { type Cloud66Simulator, type Cloud66SimulatorOptions, startCloud66Simulator } from '../../src/testing/index.js';

/** Poll often: simulated tasks take a few hundred milliseconds. */
export const FAST_WAIT = { timeoutMs: 20_000, minIntervalMs: 25, maxIntervalMs: 100 } as const;

/** The generated fleet's layout (fleet.ts): 0 production rails, 1 staging rails, 2 development Docker. */
export const PROD = 0;
export const STAGING = 1;
export const DOCKER = 2;

/** Starts a simulator for the file's tests and closes it after them. */
export async function simulatorForFile(options: Cloud66SimulatorOptions = {}): Promise<Cloud66Simulator> {
  const sim = await startCloud66Simulator({ taskDurationMs: 200, ...options });
  afterAll(() => sim.close());
  return sim;
}

/** A provider for the simulator, or for one of its other tokens. */
export function providerFor(
  sim: Cloud66Simulator,
  options: { token?: string; logger?: Logger; retries?: number } = {},
): Cloud66Provider {
  const config = options.token ? sim.configFor(options.token) : sim.config;
  return createCloud66Provider({
    ...config,
    logger: options.logger,
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
  });
}

/** A logger that remembers every line. */
export function recordingLogger(): Logger & { lines: { level: string; message: string; fields: unknown }[] } {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
