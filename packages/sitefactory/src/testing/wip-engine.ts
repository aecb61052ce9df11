import type { SimClock } from '@omnihost/core/testing';

/** The final WIP statuses: COMPLETED, ERROR, KILLED, WARNING (acquia/sf-sdk-ruby `SFRest::Task`). */
export type WipOutcome = 16 | 32 | 64 | 144;

/**
 * How a task the simulator was told to spoil ends: ERROR (32), KILLED (64) or completed with a WARNING
 * (144). `error` is the plain failure `failNextTasks` and the failure rate give.
 * @public
 */
export type ScriptedOutcome = 'error' | 'killed' | 'warning';

/**
 * What a new task does and how it ends. `startAfterMs` counts from its creation, the other times from its
 * start, all in ms of the task's own time (which stops while it is paused).
 */
export interface WipTaskInit {
  readonly name: string;
  /** `<Group> <stack name>` (e.g. `SiteArchive acme_01`). */
  readonly groupName: string;
  /** The WIP class, as `GET /api/v1/tasks` rows carry it. */
  readonly className: string;
  /** The site node the task works on; 0 for factory-level work. */
  readonly nid: number;
  readonly uid: number;
  readonly parent?: number | undefined;
  readonly startAfterMs: number;
  /** Running time of a leaf task. A parent ends when its last child has. */
  readonly durationMs: number;
  /** A parent is WAITING (8) on its children from this offset on. */
  readonly waitingAfterMs?: number | undefined;
  readonly outcome: WipOutcome;
  /** `error_message` when the task ends in ERROR or WARNING. */
  readonly message?: string | undefined;
  /** Killed (64) at this offset, as a worker crash or an operator would. */
  readonly killAfterMs?: number | undefined;
  /** A parent's final status from its children's. */
  readonly decide?: ((children: readonly WipTask[]) => { outcome: WipOutcome; message?: string }) | undefined;
  /** Runs once when the task starts (a backup's archive row appears). */
  readonly onStart?: ((task: WipTask) => void) | undefined;
  /** Runs once when the task ends, however it ends. */
  readonly onFinish?: ((outcome: WipOutcome, task: WipTask) => void) | undefined;
}

/** A task's end that is due: when (wall clock) and how. */
interface DueEnd {
  readonly task: WipTask;
  readonly at: number;
  readonly outcome: WipOutcome;
  readonly message: string;
}

/** One task in the work pool. */
export interface WipTask {
  readonly id: number;
  readonly init: WipTaskInit;
  readonly children: number[];
  readonly addedWall: number;
  /** Work-clock reading at creation: the task's own time is measured from here. */
  readonly createdWork: number;
  /** When it starts, in its own time (an updater's start can be moved while it has not started). */
  startAt: number;
  startedWall: number | undefined;
  finishedWall: number | undefined;
  finalStatus: WipOutcome | undefined;
  message: string;
  /** Task-level pause (`POST /api/v1/pause/{id}`), in work-clock ms. */
  pausedTotal: number;
  pausedSince: number | undefined;
}

/**
 * The factory's work pool ("WIP"): tasks whose status follows from the clock, so a manual clock moves a
 * ten-minute task to its end at once. Status codes are the bitmask of vendors/sitefactory.md §2.3:
 * NOT_STARTED 1 → IN_PROCESS 4 (or WAITING 8 for a parent waiting on its children) → COMPLETED 16,
 * ERROR 32, KILLED 64 or WARNING 144. A parent ends when its last child has; killing a task kills its
 * unfinished descendants, as `PUT /tasks/{id}/terminate` does.
 *
 * Global pause (`POST /api/v1/pause`) stops the work clock; a task pause stops the task's own clock.
 */
export class WipEngine {
  private readonly tasks = new Map<number, WipTask>();
  private readonly open = new Set<WipTask>();
  private nextId: number;
  private pausedTotal = 0;
  private pausedSince: number | undefined;

  constructor(
    private readonly clock: SimClock,
    firstId: number,
  ) {
    this.nextId = firstId;
  }

  /** Adds a task (and registers it as its parent's child). */
  create(init: WipTaskInit): WipTask {
    const now = this.clock.now();
    const task: WipTask = {
      id: this.nextId++,
      init,
      children: [],
      addedWall: now,
      createdWork: this.work(now),
      startAt: init.startAfterMs,
      startedWall: undefined,
      finishedWall: undefined,
      finalStatus: undefined,
      message: '',
      pausedTotal: 0,
      pausedSince: undefined,
    };
    this.tasks.set(task.id, task);
    this.open.add(task);
    if (init.parent !== undefined) this.tasks.get(init.parent)?.children.push(task.id);
    return task;
  }

  get(id: number): WipTask | undefined {
    return this.tasks.get(id);
  }

  /** Every task, oldest first. */
  all(): WipTask[] {
    return [...this.tasks.values()];
  }

  /** The numeric status now (settling the task if it has just ended). */
  status(task: WipTask): number {
    this.settle();
    if (task.finalStatus !== undefined) return task.finalStatus;
    const t = this.local(task, this.clock.now());
    if (t < task.startAt) return 1;
    if (task.init.waitingAfterMs !== undefined && t >= task.startAt + task.init.waitingAfterMs) return 8;
    return 4;
  }

  /** Whether the task is paused by itself or by the global pause. */
  isPaused(task: WipTask): boolean {
    return task.pausedSince !== undefined || this.pausedSince !== undefined;
  }

  get globallyPaused(): boolean {
    return this.pausedSince !== undefined;
  }

  /**
   * Applies what the clock implies: tasks that started run `onStart`, tasks that ended get their final
   * status and run `onFinish`, in the order they ended, so a failure that stops other tasks (a failed
   * site update stops the update) takes effect even when the clock has jumped past all of them.
   */
  settle(): void {
    const now = this.clock.now();
    for (;;) {
      let next: DueEnd | undefined;
      for (const task of this.open) {
        if (task.finalStatus !== undefined) continue;
        const t = this.local(task, now);
        if (t < task.startAt) continue;
        if (task.startedWall === undefined) {
          task.startedWall = now - (t - task.startAt);
          task.init.onStart?.(task);
        }
        const due = this.dueEnd(task, t, now);
        if (due && (!next || due.at < next.at)) next = due;
      }
      if (!next) return;
      this.finish(next.task, next.outcome, next.message, next.at);
    }
  }

  /** How and when a started task ends, if that moment has come. */
  private dueEnd(task: WipTask, t: number, now: number): DueEnd | undefined {
    const killAt = task.init.killAfterMs === undefined ? undefined : task.startAt + task.init.killAfterMs;
    if (killAt !== undefined && t >= killAt) {
      return { task, at: now - (t - killAt), outcome: 64, message: 'The task was killed.' };
    }
    if (task.children.length > 0) {
      const children = this.childrenOf(task);
      if (children.some((child) => child.finalStatus === undefined)) return undefined;
      const decided = task.init.decide?.(children) ?? { outcome: task.init.outcome, message: task.init.message };
      const at = Math.max(task.startedWall ?? now, ...children.map((child) => child.finishedWall ?? 0));
      return { task, at, outcome: decided.outcome, message: decided.message ?? '' };
    }
    const end = task.startAt + task.init.durationMs;
    if (t < end) return undefined;
    return { task, at: now - (t - end), outcome: task.init.outcome, message: task.init.message ?? '' };
  }

  /** Kills a task and its unfinished descendants now. Returns false when the task had already ended. */
  kill(task: WipTask, message: string): boolean {
    this.settle();
    return this.stop(task, message);
  }

  /** {@link kill} without settling first: for `onFinish` hooks, which run inside a settle. */
  stop(task: WipTask, message: string): boolean {
    if (task.finalStatus !== undefined) return false;
    this.finish(task, 64, message, this.clock.now());
    return true;
  }

  /** Removes a task and its descendants from the pool, killing what still runs. */
  remove(task: WipTask): void {
    if (task.finalStatus === undefined) this.kill(task, 'The task was deleted.');
    for (const child of this.childrenOf(task)) this.remove(child);
    this.tasks.delete(task.id);
    this.open.delete(task);
  }

  /** Pauses or resumes one task, or a task and its descendants (`level: family`). */
  pauseTask(task: WipTask, paused: boolean, family: boolean): void {
    this.settle();
    const work = this.work(this.clock.now());
    const apply = (target: WipTask) => {
      if (paused && target.pausedSince === undefined) target.pausedSince = work;
      if (!paused && target.pausedSince !== undefined) {
        target.pausedTotal += work - target.pausedSince;
        target.pausedSince = undefined;
      }
      if (family) for (const child of this.childrenOf(target)) apply(child);
    };
    apply(task);
  }

  /** Pauses or resumes all WIP processing. */
  pauseAll(paused: boolean): void {
    this.settle();
    const now = this.clock.now();
    if (paused && this.pausedSince === undefined) this.pausedSince = now;
    if (!paused && this.pausedSince !== undefined) {
      this.pausedTotal += now - this.pausedSince;
      this.pausedSince = undefined;
    }
  }

  /** Moves the start of a task that has not started to `startAt` ms of its own time after its creation. */
  reschedule(task: WipTask, startAt: number): boolean {
    this.settle();
    if (task.startedWall !== undefined || task.finalStatus !== undefined) return false;
    task.startAt = Math.max(0, startAt);
    return true;
  }

  /** Milliseconds of the task's own time that have passed. */
  elapsed(task: WipTask): number {
    return this.local(task, this.clock.now());
  }

  childrenOf(task: WipTask): WipTask[] {
    return task.children.map((id) => this.tasks.get(id)).filter((child): child is WipTask => child !== undefined);
  }

  private finish(task: WipTask, outcome: WipOutcome, message: string, atWall: number): void {
    task.finalStatus = outcome;
    task.message = outcome === 16 ? '' : message;
    task.finishedWall = atWall;
    this.open.delete(task);
    for (const child of this.childrenOf(task)) {
      if (child.finalStatus === undefined) this.finish(child, 64, 'The parent task ended first.', atWall);
    }
    task.init.onFinish?.(outcome, task);
  }

  /** The work clock: wall time minus the time all processing was paused. */
  private work(now: number): number {
    return now - this.pausedTotal - (this.pausedSince !== undefined ? now - this.pausedSince : 0);
  }

  private local(task: WipTask, now: number): number {
    const work = this.work(now);
    const paused = task.pausedTotal + (task.pausedSince !== undefined ? work - task.pausedSince : 0);
    return work - task.createdWork - paused;
  }
}
