/** Which started tasks a scripted outcome applies to. */
export type TaskKindFilter = 'backup' | 'deploy' | 'any';

/** How a scripted task ends: ERROR (32), KILLED (64) or completed with a WARNING (144). */
export type ScriptedOutcome = 'error' | 'killed' | 'warning';

/** The kind of a task being started. */
export type StartedTaskKind = 'backup' | 'deploy' | 'other';

/**
 * Decides how the next tasks end: scripted outcomes first (`failNextTasks`), then the random failure rate
 * drawn from the simulator's seed.
 */
export class OutcomePlan {
  private readonly scripted: { kind: TaskKindFilter; outcome: ScriptedOutcome; remaining: number }[] = [];

  constructor(
    private readonly failureRate: number,
    private readonly random: () => number,
  ) {}

  /** The next `count` tasks of `kind` end with `outcome`. */
  script(count: number, kind: TaskKindFilter, outcome: ScriptedOutcome): void {
    if (count > 0) this.scripted.push({ kind, outcome, remaining: Math.floor(count) });
  }

  /** The outcome of a task being started: scripted, randomly failed, or `undefined` (it succeeds). */
  next(kind: StartedTaskKind): ScriptedOutcome | undefined {
    const index = this.scripted.findIndex((entry) => entry.kind === 'any' || entry.kind === kind);
    const entry = this.scripted[index];
    if (entry) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.scripted.splice(index, 1);
      return entry.outcome;
    }
    if (this.failureRate > 0 && this.random() < this.failureRate) return 'error';
    return undefined;
  }
}
