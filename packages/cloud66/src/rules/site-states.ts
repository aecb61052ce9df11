import type { SiteStatus, TaskState } from '@omnihost/core';

/** One row of {@link STACK_STATUS_TABLE}. @public */
export interface StackStatusRow {
  /** The constant name in the docs and the Go client (`STK_SUCCESS`). */
  readonly name: string;
  /** The docs' label. */
  readonly label: string;
  /** What the stack is, as a site. */
  readonly site: SiteStatus;
  /** What a deploy waiting on the stack sees (the fallback when a redeploy returns no action id). */
  readonly task: TaskState;
}

/**
 * Stack `status` 0–7: the one table. Codes, names and labels are identical in the docs, the [DOCS-NEW]
 * Stack model and the Go client (`stack.go`). Terminal: 1, 2, 7; in progress: 0, 3, 5, 6; 4 sits
 * between analysis and the first deploy (vendor notes §3.1). Skycap stacks relabel 1/2/5/6 as build
 * states with the same meaning.
 * @public
 */
export const STACK_STATUS_TABLE: Readonly<Record<number, StackStatusRow>> = {
  0: { name: 'STK_QUEUED', label: 'Pending analysis', site: 'provisioning', task: 'queued' },
  1: { name: 'STK_SUCCESS', label: 'Deployed successfully', site: 'active', task: 'succeeded' },
  2: { name: 'STK_FAILED', label: 'Deployment failed', site: 'failed', task: 'failed' },
  3: { name: 'STK_ANALYSING', label: 'Analyzing', site: 'provisioning', task: 'running' },
  4: { name: 'STK_ANALYSED', label: 'Analyzed', site: 'provisioning', task: 'queued' },
  5: { name: 'STK_QUEUED_FOR_DEPLOYING', label: 'Queued for deployment', site: 'busy', task: 'queued' },
  6: { name: 'STK_DEPLOYING', label: 'Deploying', site: 'busy', task: 'running' },
  7: { name: 'STK_TERMINAL_FAILURE', label: 'Unable to analyze', site: 'failed', task: 'failed' },
};

/** What a status code we do not know becomes: never success. */
const UNKNOWN_STATUS: StackStatusRow = { name: 'UNKNOWN', label: 'Unknown status', site: 'unknown', task: 'unknown' };

/** The row for a status code (an unknown code maps to `unknown`). @public */
export function stackStatusRow(status: number | null | undefined): StackStatusRow {
  return (status === null || status === undefined ? undefined : STACK_STATUS_TABLE[status]) ?? UNKNOWN_STATUS;
}

/** How healthy a stack's servers are, normalised. @public */
export type StackHealth = 'unknown' | 'building' | 'impaired' | 'healthy' | 'broken';

/** One row of {@link STACK_HEALTH_TABLE}. @public */
export interface StackHealthRow {
  readonly name: string;
  readonly label: string;
  readonly health: StackHealth;
}

/**
 * Stack `health` 0–4 (servers use the same scale in `health_state`): the one table. Source: the docs,
 * the Go client (`stack.go`); cx treats 2 and 4 as "completed with some errors" after a deploy.
 * @public
 */
export const STACK_HEALTH_TABLE: Readonly<Record<number, StackHealthRow>> = {
  0: { name: 'HLT_UNKNOWN', label: 'Unknown', health: 'unknown' },
  1: { name: 'HLT_BUILDING', label: 'Building', health: 'building' },
  2: { name: 'HLT_PARTIAL', label: 'Impaired', health: 'impaired' },
  3: { name: 'HLT_OK', label: 'Healthy', health: 'healthy' },
  4: { name: 'HLT_BROKEN', label: 'Failed', health: 'broken' },
};

/** The row for a health code (an unknown code maps to `unknown`). @public */
export function stackHealthRow(health: number | null | undefined): StackHealthRow {
  return (
    (health === null || health === undefined ? undefined : STACK_HEALTH_TABLE[health]) ?? {
      name: 'UNKNOWN',
      label: 'Unknown',
      health: 'unknown',
    }
  );
}
