import type { TaskState } from '@omnihost/core';

/**
 * Transaction status → task state: the one table (vendors/onapp.md §4: Go SDK constants, cloudnet's
 * `finished?`, the UI filters). The QA suite spells it `canceled`, so both spellings are here; the
 * activity log capitalises (`Complete`), so lookups are case-insensitive. Anything else is `unknown`,
 * never success.
 * @public
 */
export const TASK_STATE_TABLE: Readonly<Record<string, TaskState>> = {
  pending: 'queued',
  running: 'running',
  complete: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** Looks a status up in {@link TASK_STATE_TABLE}. @public */
export function taskStateOf(status: string | null | undefined): TaskState {
  const key = (status ?? '').trim().toLowerCase();
  return Object.hasOwn(TASK_STATE_TABLE, key) ? (TASK_STATE_TABLE[key] as TaskState) : 'unknown';
}
