import type { VendorId } from '../vendors/table.js';
import type { SimClock } from './clock.js';
import type { FaultTuning, RandomFaultOptions } from './faults.js';
import type { SimRateLimitOptions } from './sim-rate-limit.js';
import type { SimServer } from './sim-server.js';

/**
 * Options every vendor simulator accepts, so the contract suite, the demo and the benchmarks can drive
 * all four the same way. Vendor simulators add their own.
 * @public
 */
export interface CommonSimulatorOptions {
  port?: number | undefined;
  /** Time source for task progress (a manual clock makes long tasks instant). */
  clock?: SimClock | undefined;
  /** Server-side limit; default: the vendor's documented (or assumed) limit. `false` disables it. */
  rateLimit?: SimRateLimitOptions | false | undefined;
  /** Random faults from the start. */
  faults?: (RandomFaultOptions & FaultTuning) | undefined;
  /** Added to every response. */
  latencyMs?: number | undefined;
  /** Sites to seed. Default: a small realistic fleet. */
  siteCount?: number | undefined;
  /** How long simulated tasks take. Default: a second or two. */
  taskDurationMs?: number | undefined;
  /** Probability that a task fails, drawn from `seed`. Default 0. */
  taskFailureRate?: number | undefined;
  /** Seed for generated data and failures. */
  seed?: number | undefined;
}

/**
 * A running vendor simulator, with what a vendor-neutral test needs to drive it.
 * @public
 */
export interface VendorSimulator<C> {
  readonly vendor: VendorId;
  readonly url: string;
  /** A complete provider config for this simulator (credentials, `allowInsecureHttp`, base URL). */
  readonly config: C;
  /** The same config with credentials the simulator rejects. */
  readonly badCredentialsConfig: C;
  /** The underlying server: faults, rate limit, counters. */
  readonly server: SimServer;
  /** The next `count` tasks of this kind end failed (or killed/cancelled, as the vendor does). */
  failNextTasks(count?: number, kind?: 'backup' | 'deploy' | 'any'): void;
  close(): Promise<void>;
}
