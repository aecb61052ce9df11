import { AbortError } from '../errors/error-classes.js';
import { globalSingleton } from '../util/global-registry.js';

/** A monotonic clock in milliseconds. @internal */
const monotonicNow = (): number => performance.now();

interface Waiter {
  resolve(release: ReleaseSlot): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

import type { RateLimiter, ReleaseSlot } from '../util/rate-limiter-contract.js';

export type { RateLimiter, ReleaseSlot };

/**
 * A sliding-window limiter: at most `limit` requests in any window of `windowMs`, first come first
 * served.
 *
 * A slot is dated by when its request **completed**, not when it was sent, and is held while the request
 * is in flight. The vendor counts a request when it arrives, which is somewhere between the two; dating
 * by completion means request N+limit leaves at least one window after request N arrived, whatever the
 * network latency did. (Dating by send time let a slow first burst and a fast second burst land inside
 * one vendor-side window in our tests.) It costs one round trip per window, which is nothing against
 * vendor windows of a minute or an hour.
 *
 * `pauseFor` lets a throttling response stop every caller that shares the budget, not just the one that
 * was throttled: after a 429 the whole account backs off.
 * @public
 */
export class SlidingWindowRateLimiter implements RateLimiter {
  /** Per slot: when its last request completed (`Infinity` while in flight). At most `limit` slots. */
  private readonly slots: number[] = [];
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private pausedUntil = 0;
  private waitedMs = 0;
  private granted = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Extra spacing per window, for clock granularity. */
    private readonly marginMs = Math.min(10, windowMs * 0.001),
    private readonly now: () => number = monotonicNow,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('rate limit must be a positive integer');
    if (!(windowMs > 0)) throw new RangeError('rate limit window must be positive');
  }

  /**
   * Resolves when a request may be sent, with the function to call when it completes; rejects with
   * {@link AbortError} if `signal` fires first.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(new AbortError('The operation was aborted'));
    if (this.queue.length === 0) {
      const slot = this.freeSlot();
      if (slot !== undefined) return Promise.resolve(this.take(slot));
    }
    const started = this.now();
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (release) => {
          this.waitedMs += this.now() - started;
          resolve(release);
        },
        reject,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          // With nobody left waiting, the timer that would have woken them must not keep the process alive
          // (against Cloud 66's hourly window, for up to an hour).
          if (this.queue.length === 0) this.disarm();
          reject(new AbortError('The operation was aborted'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.schedule();
    });
  }

  /** Stop granting requests for `ms` (a vendor said `Retry-After`). Never shortens an existing pause. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    if (this.queue.length > 0) this.schedule(true);
  }

  /** Requests waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Total time callers spent queued, and requests granted. */
  stats(): { waitedMs: number; granted: number } {
    return { waitedMs: this.waitedMs, granted: this.granted };
  }

  /** Index of a usable slot (`-1` = a new one), or undefined when none is free yet. */
  private freeSlot(): number | undefined {
    const now = this.now();
    if (this.pausedUntil > now) return undefined;
    if (this.slots.length < this.limit) return -1;
    for (let index = 0; index < this.slots.length; index += 1) {
      if ((this.slots[index] as number) + this.windowMs + this.marginMs <= now) return index;
    }
    return undefined;
  }

  /** Time until a slot frees, or Infinity when every slot is in flight (a release will wake us). */
  private delayUntilFree(): number {
    const now = this.now();
    let earliest = Number.POSITIVE_INFINITY;
    if (this.slots.length < this.limit) earliest = now;
    else for (const completed of this.slots) earliest = Math.min(earliest, completed + this.windowMs + this.marginMs);
    return Math.max(earliest, this.pausedUntil) - now;
  }

  private take(slot: number): ReleaseSlot {
    this.granted += 1;
    const index = slot === -1 ? this.slots.push(Number.POSITIVE_INFINITY) - 1 : slot;
    this.slots[index] = Number.POSITIVE_INFINITY;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.slots[index] = this.now();
      if (this.queue.length > 0) this.schedule(true);
    };
  }

  private schedule(force = false): void {
    const delay = this.delayUntilFree();
    if (!Number.isFinite(delay)) return;
    const at = this.now() + Math.max(0, delay);
    if (this.timer !== undefined) {
      if (!force && at >= this.timerAt) return;
      clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = setTimeout(() => this.drain(), Math.max(0, Math.ceil(delay)));
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private drain(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    while (this.queue.length > 0) {
      const slot = this.freeSlot();
      if (slot === undefined) break;
      const waiter = this.queue.shift() as Waiter;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.take(slot));
    }
    if (this.queue.length > 0) this.schedule();
  }
}

/**
 * The limiter for a budget key, shared process-wide (and across duplicate copies of core), so every
 * client built for one account spends one budget. The limit and window are part of the key, so a
 * client configured with a different budget for the same account gets its own limiter.
 * @public
 */
export function sharedRateLimiter(key: string, limit: number, windowMs: number): SlidingWindowRateLimiter {
  const registry = globalSingleton('rate-limiters', () => new Map<string, SlidingWindowRateLimiter>());
  const fullKey = `${key}|${limit}/${windowMs}`;
  let limiter = registry.get(fullKey);
  if (!limiter) {
    limiter = new SlidingWindowRateLimiter(limit, windowMs);
    registry.set(fullKey, limiter);
  }
  return limiter;
}
