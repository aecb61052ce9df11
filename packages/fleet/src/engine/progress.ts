import { stepName, waveEnds } from '../plan/plan.js';
import type { AccountCounts, RunRecord, RunStatus, StepAction, StepCounts } from './model.js';
import type { RunStore } from './store.js';

/** One step's figures in a {@link ProgressSnapshot}. @public */
export interface StepProgress {
  readonly index: number;
  readonly name: string;
  readonly action: StepAction;
  readonly counts: StepCounts;
  readonly accounts: Readonly<Record<string, AccountCounts>>;
  /** Targets reached so far: jobs added (waves add theirs one wave at a time). */
  readonly reached: number;
  /** Reached and not finished: queued, or at the vendor. */
  readonly running: number;
  /** Where the step's waves end (cumulative targets). */
  readonly waveEnds: readonly number[];
}

/** Where a run is, as live progress and the dashboard show it. @public */
export interface ProgressSnapshot {
  readonly run: RunRecord;
  readonly steps: readonly StepProgress[];
  /** Targets finished per minute, over the last minute or so; undefined until measurable. */
  readonly sitesPerMinute: number | undefined;
  /** Time left for the current step at that rate. */
  readonly etaMs: number | undefined;
  readonly finished: boolean;
}

/** Statuses after which a run does nothing more by itself. @public */
export const SETTLED_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'stopped'];

/** Reads a run's progress, remembering recent totals to tell a rate and an ETA. @public */
export class ProgressTracker {
  private readonly samples: { at: number; done: number }[] = [];

  constructor(
    private readonly store: RunStore,
    readonly runId: string,
  ) {}

  async snapshot(): Promise<ProgressSnapshot | undefined> {
    const run = await this.store.getRun(this.runId);
    if (!run) return undefined;
    const last = Math.min(run.step, run.plan.steps.length - 1);
    const steps: StepProgress[] = [];
    for (let index = 0; index <= last; index += 1) {
      const step = run.plan.steps[index];
      if (!step) continue;
      const [counts, accounts] = await Promise.all([
        this.store.counts(run.id, index),
        this.store.accountCounts(run.id, index),
      ]);
      const ends = waveEnds(counts.targets, step.waves);
      const reached =
        index < run.step || run.step >= run.plan.steps.length
          ? counts.targets
          : run.wave < 0
            ? step.waves && step.waves.length > 1
              ? 0
              : counts.targets
            : (ends[run.wave] ?? counts.targets);
      steps.push({
        index,
        name: stepName(step, index),
        action: step.action,
        counts,
        accounts,
        reached,
        running: Math.max(0, reached - counts.done),
        waveEnds: ends,
      });
    }
    const now = Date.now();
    const done = steps.reduce((sum, step) => sum + step.counts.done, 0);
    this.samples.push({ at: now, done });
    while (this.samples.length > 2 && now - (this.samples[1] as { at: number }).at > 60_000) this.samples.shift();
    const first = this.samples[0] as { at: number; done: number };
    const elapsed = now - first.at;
    const rate = elapsed >= 2_000 && done > first.done ? ((done - first.done) / elapsed) * 60_000 : undefined;
    const current = steps[steps.length - 1];
    const left = current ? current.counts.targets - current.counts.done : 0;
    return {
      run,
      steps,
      sitesPerMinute: rate,
      etaMs: rate && left > 0 ? (left / rate) * 60_000 : undefined,
      finished: SETTLED_STATUSES.includes(run.status),
    };
  }
}
