import { sleep } from '../errors/abort.js';

/**
 * Time source for waiting. The real clock is the default; benchmarks and tests inject a simulated one
 * so a 10-minute task can be waited on in milliseconds.
 * @public
 */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time and real timers. @public */
export const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, signal),
};
