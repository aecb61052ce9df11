/** Releases a slot: call it when the response (or the failure) has arrived. @public */
export type ReleaseSlot = () => void;

/**
 * A client-side rate limit the transport asks before every attempt. The in-process sliding-window limiter
 * (`SlidingWindowRateLimiter`) is the default; a fleet of worker processes plugs in one shared through
 * Redis, so every worker of an account spends one budget.
 * @public
 */
export interface RateLimiter {
  /**
   * Resolves when a request may be sent, with the function to call when it has completed; rejects with
   * `AbortError` when `signal` fires first (and then holds nothing).
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot>;
  /** The vendor throttled: grant nothing for `ms`, to every caller sharing the budget. Never shortens a pause. */
  pauseFor(ms: number): void | Promise<void>;
}
