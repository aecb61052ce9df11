import { DurationMemory, durationOf, type Task } from '@omnihost/core';
import type { EngineTuning } from './context.js';

/**
 * When a checkpointed job polls its task next. Core's waiter keeps its schedule in memory for one wait; a
 * fleet job waits across many runs of the job (a delayed job per poll), so the same rule is applied from the
 * job's saved poll count: the first poll when tasks of the kind usually end (their lower quartile, learnt
 * in this worker), else after the minimum gap; then the gap doubles up to the maximum, lengthened by up to
 * 10% of jitter so jobs started together spread out (core's `PollSchedule` defaults: 1 s, ×2, 60 s).
 */

/** What this worker's finished tasks took, per kind: core's memory (the lower quartile of the last 16). */
const durations = new DurationMemory();

/**
 * Records how long a finished task took: core's reading of the vendor's own times when it gives both (a
 * whole-second reading the job saw run past at its upper end), else what the job saw.
 * @internal
 */
export function recordTaskDuration(key: string, task: Task, observedMs: number): void {
  durations.record(key, durationOf(task, { from: observedMs, to: observedMs }).ms);
}

/** The kind a duration is remembered under. @internal */
export function durationKey(vendor: string, action: string): string {
  return `${vendor}|${action}`;
}

function jitter(ms: number, tuning: EngineTuning): number {
  return Math.min(tuning.pollMaxMs, Math.max(tuning.pollMinMs, ms * (1 + Math.random() * 0.1)));
}

/** The gap before the first poll of a task just started. @internal */
export function firstPollDelay(tuning: EngineTuning, key: string): number {
  const expected = durations.expected(key);
  if (expected !== undefined) {
    // Just past the usual end, as core aims it; never longer than the maximum gap.
    return Math.min(tuning.pollMaxMs, Math.max(tuning.pollMinMs, expected * 1.05));
  }
  return jitter(tuning.pollMinMs, tuning);
}

/** The gap after the `polls`-th poll that found the task still running. @internal */
export function nextPollDelay(tuning: EngineTuning, polls: number): number {
  return jitter(Math.min(tuning.pollMaxMs, tuning.pollMinMs * 2 ** Math.max(0, polls - 1)), tuning);
}
