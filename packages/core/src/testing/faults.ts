/**
 * The fault kinds every simulator supports (the "common fault knobs"):
 * - `server-error`: a 5xx (500/502/503/504) before the handler runs;
 * - `throttle`: the vendor's throttling status with `Retry-After`, before the handler runs;
 * - `reset`: the connection is destroyed before the handler runs (nothing executed);
 * - `reset-after`: the handler runs, then the connection is destroyed (executed, response lost);
 * - `slow`: the response is delayed by `slowMs`;
 * - `malformed`: the handler runs, then its body is replaced by truncated text, HTML or nothing;
 * - `auth-expiry`: the simulator expires the caller's token before authenticating the request;
 * - `server-error-after`: the handler runs (the work is done), then a 5xx answers instead of its response:
 *   a gateway that lost the backend's answer;
 * - `broken-body`: the handler runs, then its answer breaks in transit: the connection is cut halfway
 *   through the body (a `Content-Length` longer than what came), or the body is sent as `gzip` that does
 *   not decompress. The status line said success; the body never arrived whole.
 * @public
 */
export type FaultKind =
  | 'server-error'
  | 'throttle'
  | 'reset'
  | 'reset-after'
  | 'slow'
  | 'malformed'
  | 'auth-expiry'
  | 'broken-body'
  | 'server-error-after';

/** Every fault kind. @public */
export const FAULT_KINDS: readonly FaultKind[] = [
  'server-error',
  'throttle',
  'reset',
  'reset-after',
  'slow',
  'malformed',
  'auth-expiry',
  'broken-body',
  'server-error-after',
];

/**
 * The kinds random faults draw from when no `kinds` are given: every kind but `broken-body` and
 * `server-error-after`, which came later; seeded fault runs keep drawing the sequence they always drew. Name
 * them in `kinds` to include them.
 * @public
 */
export const DEFAULT_RANDOM_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter(
  (kind) => kind !== 'broken-body' && kind !== 'server-error-after',
);

/** Random faults: each request gets one with probability `rate`. @public */
export interface RandomFaultOptions {
  /** 0–1. */
  rate: number;
  /** Which kinds to draw from (default: {@link DEFAULT_RANDOM_FAULT_KINDS}). */
  kinds?: readonly FaultKind[] | undefined;
  /** Seed for a reproducible sequence. */
  seed?: number | undefined;
  /** Only requests for which this returns true can be faulted. */
  match?: ((request: { method: string; path: string }) => boolean) | undefined;
}

/** A scripted fault: the next `count` matching requests get `kind`. @public */
export interface ScriptedFault {
  kind: FaultKind;
  count?: number | undefined;
  /**
   * Status for `server-error` and `server-error-after` (default: drawn from `serverErrorStatuses`) or `throttle`
   * (default: the simulator's throttle status).
   */
  status?: number | undefined;
  /**
   * For `server-error` and `throttle`: the exact answer instead of the vendor's usual error body (a load
   * balancer's HTML maintenance page, an empty body), and headers to add (`Retry-After`).
   */
  body?: string | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  match?: ((request: { method: string; path: string }) => boolean) | undefined;
}

/** Tuning shared by random and scripted faults. @public */
export interface FaultTuning {
  /** Delay of a `slow` response. Default 1500 ms. */
  slowMs?: number | undefined;
  /** `Retry-After` of a `throttle` response, in seconds. Default 1. */
  retryAfterSeconds?: number | undefined;
  /** Send `Retry-After` as an HTTP-date instead of seconds. */
  retryAfterAsDate?: boolean | undefined;
  /** Statuses drawn for random `server-error`s. Default [500, 502, 503, 504]. */
  serverErrorStatuses?: readonly number[] | undefined;
}

/** mulberry32: a tiny seeded PRNG, so fault runs are reproducible. @internal */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks the fault (if any) for each request: scripted faults first, then random ones. @internal */
export class FaultPlan {
  private readonly scripted: Array<ScriptedFault & { remaining: number }> = [];
  private random: RandomFaultOptions | undefined;
  private rng: () => number = Math.random;

  setRandom(options: RandomFaultOptions | undefined): void {
    this.random = options;
    this.rng = options?.seed !== undefined ? seededRandom(options.seed) : Math.random;
  }

  inject(fault: ScriptedFault): void {
    this.scripted.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.scripted.length = 0;
    this.random = undefined;
  }

  /** A number in [0, 1) from the plan's generator (for choosing statuses and malformed shapes). */
  draw(): number {
    return this.rng();
  }

  pick(request: { method: string; path: string }): ScriptedFault | undefined {
    const index = this.scripted.findIndex((fault) => fault.remaining > 0 && (!fault.match || fault.match(request)));
    if (index >= 0) {
      const fault = this.scripted[index] as ScriptedFault & { remaining: number };
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.scripted.splice(index, 1);
      return fault;
    }
    const random = this.random;
    if (!random || random.rate <= 0) return undefined;
    if (random.match && !random.match(request)) return undefined;
    if (this.rng() >= random.rate) return undefined;
    const kinds = random.kinds && random.kinds.length > 0 ? random.kinds : DEFAULT_RANDOM_FAULT_KINDS;
    return { kind: kinds[Math.floor(this.rng() * kinds.length)] as FaultKind };
  }
}
