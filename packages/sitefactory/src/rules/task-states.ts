import type { TaskState } from '@omnihost/core';

/**
 * One rule of {@link SITE_FACTORY_TASK_STATES}: an exact code, or a bit mask any of whose bits may be set.
 * @public
 */
export type WipStatusRule = {
  readonly state: TaskState;
  /** sf-sdk-ruby's constant name, for messages and docs. */
  readonly name: string;
  /** Completed, but with warnings (status 144 = COMPLETED | 128). */
  readonly warnings?: true;
} & ({ readonly code: number; readonly mask?: undefined } | { readonly mask: number; readonly code?: undefined });

/** `status & DONE_MASK` is non-zero once a task has finished, however it finished. @public */
export const WIP_DONE_MASK = 240;

/**
 * The one table from a WIP task's numeric `status` (a bitmask) to the task state. Source: the constants of
 * acquia/sf-sdk-ruby `SFRest::Task` (vendors/sitefactory.md §2.3). Rules are tried in order: exact codes
 * first, then masks for combinations no client has documented. Decided on the number only, never on
 * `status_string`, whose texts are not stable across factories (@nciocpl's and Alshaya's scripts keyed on
 * it and could not tell failures apart).
 *
 * - 144 (COMPLETED | WARNING) is a success that carries warnings.
 * - A finished status (`& 240`) that is neither 16 nor 144 is never a success: killed if bit 64 is set,
 *   otherwise failed, so a wait on an unrecognised final code ends instead of polling to its deadline.
 * - Anything else unrecognised is `unknown`, which the core waiter keeps polling.
 * @public
 */
export const SITE_FACTORY_TASK_STATES: readonly WipStatusRule[] = [
  { code: 1, state: 'queued', name: 'NOT_STARTED' },
  { code: 2, state: 'queued', name: 'RESTARTED' },
  { code: 4, state: 'running', name: 'IN_PROCESS' },
  { code: 8, state: 'running', name: 'WAITING' },
  { code: 16, state: 'succeeded', name: 'COMPLETED' },
  { code: 32, state: 'failed', name: 'ERROR' },
  { code: 64, state: 'cancelled', name: 'KILLED' },
  { code: 144, state: 'succeeded', name: 'WARNING', warnings: true },
  { mask: 64, state: 'cancelled', name: 'KILLED (combined)' },
  { mask: 32, state: 'failed', name: 'ERROR (combined)' },
  { mask: WIP_DONE_MASK, state: 'failed', name: 'DONE (unrecognised final status)' },
  { mask: 12, state: 'running', name: 'RUNNING' },
  { mask: 3, state: 'queued', name: 'TO_BE_RUN' },
];

/**
 * The WIP status table under its former name.
 * @deprecated Use SITE_FACTORY_TASK_STATES.
 * @public
 */
export const WIP_STATUS_TABLE: readonly WipStatusRule[] = SITE_FACTORY_TASK_STATES;

/** The rule of {@link SITE_FACTORY_TASK_STATES} a status matches, or `undefined` (→ `unknown`). @public */
export function wipStatusRule(status: number): WipStatusRule | undefined {
  if (!Number.isInteger(status) || status <= 0) return undefined;
  return SITE_FACTORY_TASK_STATES.find((rule) =>
    rule.code !== undefined ? rule.code === status : (status & rule.mask) !== 0,
  );
}

/** The task state of a WIP status. @public */
export function wipTaskState(status: number): TaskState {
  return wipStatusRule(status)?.state ?? 'unknown';
}

/** True once a task has finished (sf-sdk-ruby `status_done?`). @public */
export function isWipDone(status: number): boolean {
  return Number.isInteger(status) && (status & WIP_DONE_MASK) !== 0;
}
