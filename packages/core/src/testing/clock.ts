/**
 * Time inside a simulator. Simulated tasks derive their state from `now()` (created at T, takes D ms),
 * with no timers, so a manual clock can move a 10-minute task to completion instantly.
 * @public
 */
export interface SimClock {
  now(): number;
}

/** A clock that only moves when told to (tests, benchmarks with simulated time). @public */
export interface ManualClock extends SimClock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Wall-clock time. @public */
export const systemClock: SimClock = { now: () => Date.now() };

/** Creates a {@link ManualClock} starting at `start` (default: now). @public */
export function manualClock(start: number = Date.now()): ManualClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
