/**
 * Deploys and async actions in the simulator. Nothing here runs on a timer: every record stores when it
 * was requested, when it starts and ends, and whether it will fail, and its state is computed from the
 * clock whenever it is read. A manual clock can therefore finish a ten-minute deploy instantly, and a
 * stopped test leaves nothing running.
 */

/** A redeploy: queued behind the stack's running work, then deploying, then settled. */
export interface DeployOp {
  readonly deploymentId: number;
  readonly actionId: number;
  readonly requestedAt: number;
  start: number;
  end: number;
  /** The failure message when this deploy is going to fail. */
  readonly failure: string | undefined;
  cancelledAt: number | undefined;
  readonly gitRef: string | undefined;
  readonly services: readonly string[] | undefined;
  readonly userReference: string | undefined;
  readonly user: string;
}

/** An async action that is not a deploy (restart, scale, env var change, reboot, stack create...). */
export interface ActionRecord {
  readonly id: number;
  readonly stackIndex: number;
  readonly action: string;
  readonly user: string;
  readonly createdAt: number;
  readonly endAt: number;
  readonly failure: string | undefined;
  readonly metadata: Record<string, string> | undefined;
  /** For `application_deployment` actions: the deploy they follow. */
  readonly deploy: DeployOp | undefined;
}

/** When a deploy stops: its end, or the moment it was cancelled. */
export function effectiveEnd(op: DeployOp): number {
  return op.cancelledAt ?? op.end;
}

/** Where a deploy is at `now`. */
export type DeployPhase = 'queued' | 'deploying' | 'succeeded' | 'failed' | 'cancelled';

/** The phase of a deploy at `now`. */
export function deployPhase(op: DeployOp, now: number): DeployPhase {
  if (now < op.start && op.cancelledAt === undefined) return 'queued';
  if (now < effectiveEnd(op)) return 'deploying';
  if (op.cancelledAt !== undefined) return 'cancelled';
  return op.failure ? 'failed' : 'succeeded';
}

/** When the stack is free again: the end of its last deploy (or `now` when it is idle). */
export function busyUntil(ops: readonly DeployOp[], now: number, alsoBusyUntil = 0): number {
  let until = Math.max(now, alsoBusyUntil);
  for (const op of ops) until = Math.max(until, effectiveEnd(op));
  return until;
}

/**
 * Cancels a running deploy at `now` and moves the deploys queued behind it forward, keeping their
 * durations, so the queue stays gap-free as on the real service.
 */
export function cancelDeploy(ops: readonly DeployOp[], target: DeployOp, now: number): void {
  target.cancelledAt = now;
  let previousEnd = now;
  for (const op of ops) {
    if (op === target || op.requestedAt > now || op.start <= now) continue;
    const duration = op.end - op.start;
    op.start = Math.max(previousEnd, op.requestedAt);
    op.end = op.start + duration;
    previousEnd = op.end;
  }
}

/** The state of a stack at `now`, from its base status and its deploys (in request order). */
export interface StackDynamics {
  status: number;
  health: number;
  isBusy: boolean;
  lastActivity: number;
}

/** Folds the deploys over the stack's base state. */
export function stackDynamics(base: StackDynamics, ops: readonly DeployOp[], now: number): StackDynamics {
  const state = { ...base };
  for (const op of ops) {
    const phase = deployPhase(op, now);
    if (phase === 'queued' || phase === 'deploying') {
      // STK_QUEUED_FOR_DEPLOYING (5) while waiting, STK_DEPLOYING (6) while running; the stack is busy.
      return { ...state, status: phase === 'queued' ? 5 : 6, health: state.health, isBusy: true };
    }
    state.lastActivity = Math.max(state.lastActivity, effectiveEnd(op));
    if (phase === 'succeeded') Object.assign(state, { status: 1, health: 3 });
    if (phase === 'failed') Object.assign(state, { status: 2, health: 2 });
  }
  return state;
}

/** The wire fields of an action's progress at `now`. */
export interface ActionProgress {
  startedAt: number | null;
  finishedAt: number | null;
  success: boolean | null;
  message: string | null;
}

/** Success message of a finished action (the docs' example wording). */
const DONE = 'Completed successfully';

/** Reads where an action is at `now`. */
export function actionProgress(record: ActionRecord, now: number): ActionProgress {
  const op = record.deploy;
  if (op) {
    const phase = deployPhase(op, now);
    const startedAt = phase === 'queued' ? null : op.start;
    if (phase === 'queued' || phase === 'deploying')
      return { startedAt, finishedAt: null, success: null, message: null };
    const message =
      phase === 'cancelled' ? 'Deployment cancelled' : phase === 'failed' ? (op.failure ?? 'failed') : DONE;
    return { startedAt, finishedAt: effectiveEnd(op), success: phase === 'succeeded', message };
  }
  if (now < record.endAt) return { startedAt: record.createdAt, finishedAt: null, success: null, message: null };
  return {
    startedAt: record.createdAt,
    finishedAt: record.endAt,
    success: record.failure === undefined,
    message: record.failure ?? DONE,
  };
}
