import { seededRandom } from './faults.js';

/** Which started tasks `failNextTasks` aims at (the contract's kinds). @public */
export type TaskTarget = 'backup' | 'deploy' | 'any';

/** What a task being started is, as the outcome policy sees it. @public */
export type TaskGroup = 'backup' | 'deploy' | 'other';

/** Options of {@link TaskOutcomePolicy}. @public */
export interface TaskOutcomePolicyOptions<K extends string = string> {
  /** How long a task takes unless {@link durationsByKind} says otherwise. */
  readonly defaultDurationMs: number;
  /** Durations of particular kinds of task (a vendor's backups take longer than its cache clears). */
  readonly durationsByKind?: Readonly<Partial<Record<K, number>>> | undefined;
  /** Probability (0–1) that a task fails, drawn after the scripted outcomes are used up. Default 0. */
  readonly failureRate?: number | undefined;
  /** Seed of the failure draws: the same seed fails the same tasks. Default 1. */
  readonly seed?: number | undefined;
}

/**
 * How every simulator decides how its tasks end and how long they take, the one policy of the simulator
 * kit. Outcomes are decided when a task starts:
 * 1. scripted outcomes first (`failNextTasks`), in the order they were scripted, each applying to the
 *    first task of its target;
 * 2. then the seeded failure rate;
 * 3. otherwise the task succeeds (`undefined`).
 *
 * `O` is how a vendor's tasks can end badly (Site Factory: `error`, `killed`, or done with a `warning`);
 * `failNext` scripts the vendor's plain failure, the first of {@link failureOutcome}.
 * @public
 */
export class TaskOutcomePolicy<O extends string = 'failed', K extends string = string> {
  private readonly scripted: { target: TaskTarget; outcome: O; remaining: number }[] = [];
  private readonly random: () => number;
  private readonly failureRate: number;

  constructor(
    private readonly options: TaskOutcomePolicyOptions<K>,
    /** The outcome of a plain failure: what `failNext` scripts and what the failure rate draws. */
    readonly failureOutcome: O,
  ) {
    const rate = options.failureRate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError('taskFailureRate must be within 0..1');
    this.failureRate = rate;
    this.random = seededRandom(options.seed ?? 1);
  }

  /** The next `count` tasks of `target` end with `outcome`. */
  script(count: number, target: TaskTarget, outcome: O): void {
    const remaining = Math.floor(count);
    if (remaining > 0) this.scripted.push({ target, outcome, remaining });
  }

  /** The next `count` tasks of `target` fail (`failNextTasks`). */
  failNext(count: number, target: TaskTarget = 'any'): void {
    this.script(count, target, this.failureOutcome);
  }

  /** How a task of `group` being started ends: a scripted outcome, a drawn failure, or `undefined` (success). */
  next(group: TaskGroup): O | undefined {
    const index = this.scripted.findIndex((entry) => entry.target === 'any' || entry.target === group);
    const entry = this.scripted[index];
    if (entry) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.scripted.splice(index, 1);
      return entry.outcome;
    }
    if (this.failureRate > 0 && this.random() < this.failureRate) return this.failureOutcome;
    return undefined;
  }

  /** Whether a task of `group` being started fails (any outcome but success). */
  nextFails(group: TaskGroup): boolean {
    return this.next(group) !== undefined;
  }

  /** How long a task of `kind` takes. */
  durationMs(kind?: K): number {
    return (kind === undefined ? undefined : this.options.durationsByKind?.[kind]) ?? this.options.defaultDurationMs;
  }
}
