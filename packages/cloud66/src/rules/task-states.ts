import type { TaskState } from '@omnihost/core';

/**
 * Where an async action is, as read from its fields. Cloud 66 actions carry no status string: an action
 * is done when `finished_at` is set, and `finished_success` decides how it ended (the Go client's
 * `WaitStackAsyncAction`, cloud66-oss/cloud66 `async.go`).
 * @public
 */
export type ActionPhase =
  | 'not-started'
  | 'running'
  | 'finished-success'
  | 'finished-failure'
  | 'finished-cancelled'
  | 'finished-no-result';

/**
 * What a deploy followed through its stack sees for one stack `status` code: `idle` while the stack
 * reports `is_busy: false`, `busy` while it reports `is_busy: true`.
 * @public
 */
export interface StackTaskRow {
  readonly idle: TaskState;
  readonly busy: TaskState;
}

/** The shape of {@link CLOUD66_TASK_STATES}: one part per thing Cloud 66 reports work on. @public */
export interface Cloud66TaskStates {
  /** Async action phase → task state. */
  readonly actions: Readonly<Record<ActionPhase, TaskState>>;
  /**
   * `finished_message`s of an action that ended without success because it was cancelled: such an action
   * is in phase `finished-cancelled`, not `finished-failure`.
   */
  readonly cancelledMessages: readonly RegExp[];
  /** Deployment `outcome.meaning` → task state. */
  readonly deployments: Readonly<Record<string, TaskState>>;
  /** Stack `status` 0–7 → the state of a redeploy followed through the stack (no action id). */
  readonly stack: Readonly<Record<number, StackTaskRow>>;
}

/**
 * Cloud 66 work → task state: the one table, in three parts.
 *
 * - `actions`: `finished-no-result` (`finished_at` set, `finished_success` null) is where the Go client
 *   dereferences a nil pointer (vendor notes §5). It finished and did not report success, so it is a
 *   failure, never a success and never an endless wait. An action has no status field, so a cancel
 *   (`DELETE /stacks/{uid}/deployments/{id}`) shows only as `finished_success: false` with a message
 *   saying so (`Deployment cancelled`): those messages, in `cancelledMessages`, make it `finished-cancelled`,
 *   which is `cancelled` as on every vendor (issue 13: `tasks wait` called it failed while `deploys list`
 *   showed the same deployment cancelled).
 * - `deployments`: only `success` (code 1) is documented; the other spellings are what the word could
 *   reasonably be. Unlisted meanings are `unknown`, never success. A deployment with `is_deploying: true`
 *   is `running` whatever its outcome.
 * - `stack`: the fallback when a redeploy returns no `async_action_id` (cx `WaitStackBuild`). Codes as in
 *   the docs and the Go client (`stack.go`): terminal 1, 2, 7; in progress 0, 3, 5, 6; 4 sits between
 *   analysis and the first deploy (vendor notes §3.1). The `busy` column is the `is_busy` override: a
 *   stack that says it is busy has not finished, whatever its status says, so a finished status reads
 *   `running` there. Unknown codes are `unknown`, never success.
 * @public
 */
export const CLOUD66_TASK_STATES: Cloud66TaskStates = {
  actions: {
    'not-started': 'queued',
    running: 'running',
    'finished-success': 'succeeded',
    'finished-failure': 'failed',
    'finished-cancelled': 'cancelled',
    'finished-no-result': 'failed',
  },
  cancelledMessages: [
    /^\s*(?:the\s+)?(?:deployment|deploy|redeploy(?:ment)?|action)?\s*(?:was\s+|has\s+been\s+)?(?:cancell?ed|aborted)\b/i,
  ],
  deployments: {
    success: 'succeeded',
    succeeded: 'succeeded',
    successful: 'succeeded',
    failed: 'failed',
    failure: 'failed',
    error: 'failed',
    cancelled: 'cancelled',
    canceled: 'cancelled',
    aborted: 'cancelled',
  },
  stack: {
    0: { idle: 'queued', busy: 'queued' },
    1: { idle: 'succeeded', busy: 'running' },
    2: { idle: 'failed', busy: 'running' },
    3: { idle: 'running', busy: 'running' },
    4: { idle: 'queued', busy: 'queued' },
    5: { idle: 'queued', busy: 'queued' },
    6: { idle: 'running', busy: 'running' },
    7: { idle: 'failed', busy: 'running' },
  },
};

/** What a stack status code we do not know becomes: never success. */
const UNKNOWN_STACK_ROW: StackTaskRow = { idle: 'unknown', busy: 'unknown' };

/** Reads the phase of an action from its fields. @public */
export function actionPhase(action: {
  started_at?: string | null | undefined;
  finished_at?: string | null | undefined;
  finished_success?: boolean | null | undefined;
  finished_message?: string | null | undefined;
}): ActionPhase {
  if (!action.finished_at) return action.started_at ? 'running' : 'not-started';
  if (action.finished_success === true) return 'finished-success';
  if (action.finished_success === false) {
    const message = action.finished_message ?? '';
    const cancelled = CLOUD66_TASK_STATES.cancelledMessages.some((pattern) => pattern.test(message));
    return cancelled ? 'finished-cancelled' : 'finished-failure';
  }
  return 'finished-no-result';
}

/** The state of a deployment from `is_deploying` and `outcome.meaning`. @public */
export function deploymentState(deployment: {
  is_deploying?: boolean | null | undefined;
  outcome?: { meaning?: string | null | undefined } | null | undefined;
}): TaskState {
  if (deployment.is_deploying === true) return 'running';
  const table = CLOUD66_TASK_STATES.deployments;
  const meaning = deployment.outcome?.meaning?.trim().toLowerCase();
  // Own keys only: a meaning such as `constructor` is not a row of the table.
  const mapped = meaning !== undefined && Object.hasOwn(table, meaning) ? table[meaning] : undefined;
  return mapped ?? 'unknown';
}

/** The row of `CLOUD66_TASK_STATES.stack` for a status code (an unknown code: `unknown` in both columns). @public */
export function stackTaskRow(status: number | null | undefined): StackTaskRow {
  return (status === null || status === undefined ? undefined : CLOUD66_TASK_STATES.stack[status]) ?? UNKNOWN_STACK_ROW;
}

/** The state of a redeploy followed through its stack, from `status` and `is_busy`. @public */
export function stackTaskState(stack: {
  status?: number | null | undefined;
  is_busy?: boolean | null | undefined;
}): TaskState {
  const row = stackTaskRow(stack.status);
  return stack.is_busy === true ? row.busy : row.idle;
}

/**
 * Async action phase → task state.
 * @deprecated Use `CLOUD66_TASK_STATES.actions`.
 * @public
 */
export const ACTION_STATE_TABLE: Readonly<Record<ActionPhase, TaskState>> = CLOUD66_TASK_STATES.actions;

/**
 * Deployment `outcome.meaning` → task state.
 * @deprecated Use `CLOUD66_TASK_STATES.deployments`.
 * @public
 */
export const DEPLOYMENT_OUTCOME_TABLE: Readonly<Record<string, TaskState>> = CLOUD66_TASK_STATES.deployments;
