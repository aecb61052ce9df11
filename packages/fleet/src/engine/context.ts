import type { Provider, TaskClaims } from '@omnihost/core';
import type { FleetJob } from './model.js';
import type { RunStore } from './store.js';

/** What the run's driver needs: where runs live, and how jobs are added. @public */
export interface FleetContext {
  readonly store: RunStore;
  /** Adds jobs; a job whose id is already there is not added again. */
  enqueue(jobs: readonly FleetJob[]): Promise<void>;
  /** Where the fleet says what it does (already scrubbed of secrets). */
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * Points where a test makes a worker die (SIGKILL) on purpose, to prove a restarted job neither loses nor
 * repeats work: `after-start` is between a start call's answer and its checkpoint, the window only reconcile
 * can close. Read from `OMNIHOST_FLEET_TEST_CRASH` (test-only; see `crashPointsFromEnv`).
 * @public
 */
export type CrashPoint = 'before-start' | 'after-start' | 'after-record';

/** Timings of the engine. @public */
export interface EngineTuning {
  /** How long a site may keep meeting transient failures (5xx, network, throttling) before it fails. Default 15 min. */
  readonly transientBudgetMs: number;
  /** Shortest gap between polls of a task. Default 1 s (core's). */
  readonly pollMinMs: number;
  /** Longest gap between polls of a task. Default 60 s (core's). */
  readonly pollMaxMs: number;
  /** A site's task deadline when the step sets none. Default 30 min (core's `DEFAULT_WAIT_TIMEOUT_MS`). */
  readonly defaultTimeoutMs: number;
}

/**
 * Named locks shared by every worker: where a vendor runs one deploy at a time per account (a Site Factory
 * code update covers a stack, and a factory takes one at a time), the fleet's jobs take turns.
 * @public
 */
export interface FleetLocks {
  /** Takes (or, for its owner, renews) the lock for `ttlMs`. True when `owner` holds it now. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lock for `ttlMs` if `owner` still holds it (never takes a free one). */
  renew(name: string, owner: string, ttlMs: number): Promise<void>;
  /** Lets go of the lock if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
}

/** Locks of one process (the in-process mode). @public */
export function memoryLocks(): FleetLocks {
  const held = new Map<string, { owner: string; until: number }>();
  return {
    async acquire(name, owner, ttlMs) {
      const current = held.get(name);
      if (current && current.owner !== owner && current.until > Date.now()) return false;
      held.set(name, { owner, until: Date.now() + ttlMs });
      return true;
    },
    async renew(name, owner, ttlMs) {
      const current = held.get(name);
      if (current?.owner === owner) current.until = Date.now() + ttlMs;
    },
    async release(name, owner) {
      if (held.get(name)?.owner === owner) held.delete(name);
    },
  };
}

/** What a worker needs besides the driver's context: providers, shared claims, secrets to scrub. @public */
export interface WorkerContext extends FleetContext {
  /** The provider of an account (cached per worker; secrets from the worker's own environment). */
  provider(account: string): Promise<Provider>;
  /** Who adopted which vendor task, shared by every worker (a heuristic reconcile never adopts one twice). */
  readonly claims: TaskClaims;
  readonly locks: FleetLocks;
  /** The secret values of an account in this worker's environment, scrubbed from everything recorded. */
  secretsOf(account: string): readonly string[];
  readonly tuning: EngineTuning;
  /** Test-only: dies at a crash point when the test asked for it. */
  readonly crash?: ((point: CrashPoint) => void) | undefined;
}

/** The default {@link EngineTuning}. @public */
export const DEFAULT_TUNING: EngineTuning = {
  transientBudgetMs: 15 * 60_000,
  pollMinMs: 1_000,
  pollMaxMs: 60_000,
  defaultTimeoutMs: 30 * 60_000,
};

/**
 * The crash points a test asked for in `OMNIHOST_FLEET_TEST_CRASH` (`after-start:0.05,after-record:0.01`:
 * point and probability), as a function that SIGKILLs this process there. Undefined when unset: production
 * workers never crash on purpose.
 * @public
 */
export function crashPointsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ((point: CrashPoint) => void) | undefined {
  const spec = env.OMNIHOST_FLEET_TEST_CRASH;
  if (!spec) return undefined;
  const odds = new Map<string, number>();
  for (const part of spec.split(',')) {
    const [point, probability] = part.split(':');
    if (point) odds.set(point.trim(), Number(probability ?? '1'));
  }
  return (point) => {
    const probability = odds.get(point);
    if (probability !== undefined && Math.random() < probability) process.kill(process.pid, 'SIGKILL');
  };
}
