/** Server-side rate limit of a simulator: at most `limit` requests per key in any `windowMs`. @public */
export interface SimRateLimitOptions {
  limit: number;
  windowMs: number;
  /** Send `Retry-After` as an HTTP-date instead of seconds. */
  retryAfterAsDate?: boolean | undefined;
}

/**
 * Sliding-window enforcement per caller (the `Authorization` header), plus the measurement tests rely
 * on: the most requests that arrived from one caller within any window, throttled ones included.
 * @internal
 */
export class SimRateLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly arrivals = new Map<string, number[]>();
  maxArrivalsInWindow = 0;

  constructor(readonly options: SimRateLimitOptions) {}

  /** Returns 0 when the request may proceed, else the ms until a slot frees. */
  check(key: string, now: number): number {
    const { limit, windowMs } = this.options;
    const arrived = trim(this.arrivals, key, now - windowMs);
    arrived.push(now);
    this.maxArrivalsInWindow = Math.max(this.maxArrivalsInWindow, arrived.length);
    const times = trim(this.accepted, key, now - windowMs);
    if (times.length >= limit) return Math.max(1, (times[0] ?? now) + windowMs - now);
    times.push(now);
    return 0;
  }
}

function trim(map: Map<string, number[]>, key: string, cutoff: number): number[] {
  let times = map.get(key);
  if (!times) {
    times = [];
    map.set(key, times);
  }
  let drop = 0;
  while (drop < times.length && (times[drop] ?? 0) <= cutoff) drop += 1;
  if (drop > 0) times.splice(0, drop);
  return times;
}
