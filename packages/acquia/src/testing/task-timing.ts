import type { SimTaskKind, TaskTiming } from './notifications.js';

/** Which tasks `failNextTasks` targets (the contract's kinds). */
export type FailureTarget = 'backup' | 'deploy' | 'any';

/** Options of {@link SimTaskTiming}. */
export interface SimTaskTimingOptions {
  /** Duration of every task unless `perKind` overrides it. */
  defaultMs: number;
  perKind: Partial<Record<SimTaskKind, number>>;
  /** Probability (0–1) that a task fails, drawn from `random`. */
  failureRate: number;
  random: () => number;
}

/**
 * Durations and failures of simulated tasks: scripted failures (`failNextTasks`) are consumed first, in
 * order, then `failureRate` is drawn from the seeded generator, so a run with the same seed fails the
 * same tasks.
 */
export class SimTaskTiming implements TaskTiming {
  private readonly scripted: FailureTarget[] = [];

  constructor(private readonly options: SimTaskTimingOptions) {}

  durationMs(kind: SimTaskKind): number {
    return this.options.perKind[kind] ?? this.options.defaultMs;
  }

  /** The next `count` tasks of `target` fail. */
  failNext(count: number, target: FailureTarget): void {
    for (let index = 0; index < count; index += 1) this.scripted.push(target);
  }

  nextFails(group: 'backup' | 'deploy' | 'other'): boolean {
    const index = this.scripted.findIndex((target) => target === 'any' || target === group);
    if (index >= 0) {
      this.scripted.splice(index, 1);
      return true;
    }
    return this.options.failureRate > 0 && this.options.random() < this.options.failureRate;
  }
}
