import type { TaskState } from '@omnihost/core';

/**
 * Transaction status → task state: OnApp's one task table (vendors/onapp.md §4: Go SDK constants,
 * cloudnet's `finished?`, the UI filters). The QA suite spells it `canceled`, so both spellings are here;
 * the activity log capitalises (`Complete`), so lookups are case-insensitive. Anything else is `unknown`,
 * never success.
 * @public
 */
export const ONAPP_TASK_STATES: Readonly<Record<string, TaskState>> = {
  pending: 'queued',
  running: 'running',
  complete: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** @deprecated Use {@link ONAPP_TASK_STATES} (the same table under the name every vendor uses). @public */
export const TASK_STATE_TABLE: Readonly<Record<string, TaskState>> = ONAPP_TASK_STATES;

/** Looks a transaction status up in {@link ONAPP_TASK_STATES}, ignoring case and surrounding space. @public */
export function taskStateOf(status: string | null | undefined): TaskState {
  const key = (status ?? '').trim().toLowerCase();
  return Object.hasOwn(ONAPP_TASK_STATES, key) ? (ONAPP_TASK_STATES[key] as TaskState) : 'unknown';
}
