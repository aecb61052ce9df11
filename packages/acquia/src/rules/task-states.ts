import type { TaskState } from '@omnihost/core';

/**
 * Acquia notification status → task state: the one table. The spec's enum is exactly these three
 * (`notification-stub.status`); anything else is `unknown`, which the waiter never treats as success.
 * @public
 */
export const ACQUIA_TASK_STATES: Readonly<Record<string, TaskState>> = {
  'in-progress': 'running',
  completed: 'succeeded',
  failed: 'failed',
};

/** The state for a notification status, `unknown` for anything not in {@link ACQUIA_TASK_STATES}. @public */
export function taskStateOf(status: string): TaskState {
  return Object.hasOwn(ACQUIA_TASK_STATES, status) ? (ACQUIA_TASK_STATES[status] as TaskState) : 'unknown';
}
