import type { TaskState } from '@omnihost/core';

/**
 * Where an async action is, as read from its fields. Cloud 66 actions carry no status string: an action
 * is done when `finished_at` is set, and `finished_success` decides how it ended (the Go client's
 * `WaitStackAsyncAction`, cloud66-oss/cloud66 `async.go`).
 * @public
 */
export type ActionPhase = 'not-started' | 'running' | 'finished-success' | 'finished-failure' | 'finished-no-result';

/**
 * Async action phase → task state: the one table for actions.
 * `finished-no-result` (`finished_at` set, `finished_success` null) is where the Go client dereferences a
 * nil pointer (vendor notes §5). It finished and did not report success, so it is a failure, never a
 * success and never an endless wait.
 * @public
 */
export const ACTION_STATE_TABLE: Readonly<Record<ActionPhase, TaskState>> = {
  'not-started': 'queued',
  running: 'running',
  'finished-success': 'succeeded',
  'finished-failure': 'failed',
  'finished-no-result': 'failed',
};

/** Reads the phase of an action from its fields. @public */
export function actionPhase(action: {
  started_at?: string | null | undefined;
  finished_at?: string | null | undefined;
  finished_success?: boolean | null | undefined;
}): ActionPhase {
  if (!action.finished_at) return action.started_at ? 'running' : 'not-started';
  if (action.finished_success === true) return 'finished-success';
  if (action.finished_success === false) return 'finished-failure';
  return 'finished-no-result';
}

/**
 * Deployment `outcome.meaning` → task state: the one table for deployments. Only `success` (code 1) is
 * documented; the other spellings are what the word could reasonably be. Unlisted meanings are
 * `unknown`, never success. A deployment with `is_deploying: true` is `running` whatever its outcome.
 * @public
 */
export const DEPLOYMENT_OUTCOME_TABLE: Readonly<Record<string, TaskState>> = {
  success: 'succeeded',
  succeeded: 'succeeded',
  successful: 'succeeded',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  aborted: 'cancelled',
};

/** The state of a deployment from `is_deploying` and `outcome.meaning`. @public */
export function deploymentState(deployment: {
  is_deploying?: boolean | null | undefined;
  outcome?: { meaning?: string | null | undefined } | null | undefined;
}): TaskState {
  if (deployment.is_deploying === true) return 'running';
  const meaning = deployment.outcome?.meaning?.trim().toLowerCase();
  const mapped = meaning ? DEPLOYMENT_OUTCOME_TABLE[meaning] : undefined;
  return mapped ?? 'unknown';
}
