import { durationOf, type Task } from '@omnihost/core';
import type { EngineTuning } from './context.js';

/**
 * When a checkpointed job polls its task next. Core's waiter keeps its schedule in memory for one wait; a
 * fleet job waits across many runs of the job (a delayed job per poll), so the same rule is applied from the
 * job's saved poll count: the first poll when tasks of the kind usually end (their lower quartile, learnt
 * in this worker), else after the minimum gap; then the gap doubles up to the maximum, lengthened by up to
 * 10% of jitter so jobs started together spread out (core's `PollSchedule` defaults: 1 s, ×2, 60 s).
 */

/** Durations kept per kind, as core keeps them. */
const SAMPLES = 16;

class PollDurations {
  private readonly samples = new Map<string, number[]>();

  /**
   * Records how long a finished task took: core's reading of the vendor's own times when it gives both (a
   * whole-second reading at its upper end), else what the job saw.
   */
  record(key: string, task: Task, observedMs: number): void {
    const { ms } = durationOf(task, { from: observedMs, to: observedMs });
    if (!Number.isFinite(ms) || ms <= 0) return;
    const list = this.samples.get(key) ?? [];
    list.push(ms);
    if (list.length > SAMPLES) list.shift();
    this.samples.set(key, list);
  }

  /** The lower quartile of the kind's durations, or undefined before one finished. */
  expected(key: string): number | undefined {
    const list = this.samples.get(key);
    if (!list || list.length === 0) return undefined;
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 4)];
  }
}

const durations = new PollDurations();

/** The worker's memory of task durations. @internal */
export function pollDurations(): PollDurations {
  return durations;
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
