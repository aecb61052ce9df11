import type { SiteStatus, TaskState } from '@omnihost/core';
import { stackTaskRow } from './task-states.js';

/** One stack `status` code: its names and what the stack is, as a site. @public */
export interface StackStatusInfo {
  /** The constant name in the docs and the Go client (`STK_SUCCESS`). */
  readonly name: string;
  /** The docs' label. */
  readonly label: string;
  /** What the stack is, as a site (unless an override of {@link CLOUD66_SITE_STATES} applies). */
  readonly site: SiteStatus;
}

/** How healthy a stack's servers are, normalised. @public */
export type StackHealth = 'unknown' | 'building' | 'impaired' | 'healthy' | 'broken';

/** One stack `health` code. @public */
export interface StackHealthRow {
  readonly name: string;
  readonly label: string;
  readonly health: StackHealth;
}

/** The shape of {@link CLOUD66_SITE_STATES}. @public */
export interface Cloud66SiteStates {
  /** Stack `status` 0–7. */
  readonly status: Readonly<Record<number, StackStatusInfo>>;
  /** Stack `health` 0–4 (servers use the same scale in `health_state`). */
  readonly health: Readonly<Record<number, StackHealthRow>>;
  /** The overrides of the status column, checked in this order. */
  readonly overrides: {
    /** A stack that reports `is_busy: true` is this, whatever its status. */
    readonly busy: SiteStatus;
    /** A stack whose status says `active` but whose health is `broken` (4, "Failed") is this. */
    readonly activeButBroken: SiteStatus;
  };
}

/**
 * Stack → site status: the one table.
 *
 * - `status`: codes, names and labels are identical in the docs, the [DOCS-NEW] Stack model and the Go
 *   client (`stack.go`). Skycap stacks relabel 1/2/5/6 as build states with the same meaning. What a
 *   deploy waiting on the stack sees is the task table's `stack` part (`CLOUD66_TASK_STATES`).
 * - `health`: source: the docs, the Go client (`stack.go`); cx treats 2 and 4 as "completed with some
 *   errors" after a deploy.
 * - `overrides`: `is_busy` beats the status (a stack at work is busy), and a deployed stack whose servers
 *   are failing is not active.
 *
 * Unknown codes map to `unknown`, never to `active`.
 * @public
 */
export const CLOUD66_SITE_STATES: Cloud66SiteStates = {
  status: {
    0: { name: 'STK_QUEUED', label: 'Pending analysis', site: 'provisioning' },
    1: { name: 'STK_SUCCESS', label: 'Deployed successfully', site: 'active' },
    2: { name: 'STK_FAILED', label: 'Deployment failed', site: 'failed' },
    3: { name: 'STK_ANALYSING', label: 'Analyzing', site: 'provisioning' },
    4: { name: 'STK_ANALYSED', label: 'Analyzed', site: 'provisioning' },
    5: { name: 'STK_QUEUED_FOR_DEPLOYING', label: 'Queued for deployment', site: 'busy' },
    6: { name: 'STK_DEPLOYING', label: 'Deploying', site: 'busy' },
    7: { name: 'STK_TERMINAL_FAILURE', label: 'Unable to analyze', site: 'failed' },
  },
  health: {
    0: { name: 'HLT_UNKNOWN', label: 'Unknown', health: 'unknown' },
    1: { name: 'HLT_BUILDING', label: 'Building', health: 'building' },
    2: { name: 'HLT_PARTIAL', label: 'Impaired', health: 'impaired' },
    3: { name: 'HLT_OK', label: 'Healthy', health: 'healthy' },
    4: { name: 'HLT_BROKEN', label: 'Failed', health: 'broken' },
  },
  overrides: { busy: 'busy', activeButBroken: 'failed' },
};

/** What a status code we do not know becomes: never active. */
const UNKNOWN_STATUS: StackStatusInfo = { name: 'UNKNOWN', label: 'Unknown status', site: 'unknown' };

/** What a health code we do not know becomes. */
const UNKNOWN_HEALTH: StackHealthRow = { name: 'UNKNOWN', label: 'Unknown', health: 'unknown' };

/** The entry for a stack status code (an unknown code maps to `unknown`). @public */
export function stackStatusInfo(status: number | null | undefined): StackStatusInfo {
  return (status === null || status === undefined ? undefined : CLOUD66_SITE_STATES.status[status]) ?? UNKNOWN_STATUS;
}

/** The row for a health code (an unknown code maps to `unknown`). @public */
export function stackHealthRow(health: number | null | undefined): StackHealthRow {
  return (health === null || health === undefined ? undefined : CLOUD66_SITE_STATES.health[health]) ?? UNKNOWN_HEALTH;
}

/** The site status of a stack, from its status, health and busy flag. @public */
export function siteStatusOf(stack: {
  status?: number | null | undefined;
  health?: number | null | undefined;
  is_busy?: boolean | null | undefined;
}): SiteStatus {
  const { overrides } = CLOUD66_SITE_STATES;
  if (stack.is_busy === true) return overrides.busy;
  const status = stackStatusInfo(stack.status).site;
  if (status === 'active' && stackHealthRow(stack.health).health === 'broken') return overrides.activeButBroken;
  return status;
}

/**
 * One row of {@link STACK_STATUS_TABLE}: a status code's entry in the site table with the idle column of
 * the task table's `stack` part.
 * @deprecated Use `StackStatusInfo` (`CLOUD66_SITE_STATES.status`) and `StackTaskRow` (`CLOUD66_TASK_STATES.stack`).
 * @public
 */
export interface StackStatusRow extends StackStatusInfo {
  /** What a deploy waiting on an idle stack sees. */
  readonly task: TaskState;
}

/**
 * Stack `status` 0–7 with both the site status and the state of a deploy waiting on an idle stack, as
 * one table. Built from the two rule tables, which now hold these columns.
 * @deprecated Use `CLOUD66_SITE_STATES.status` and `CLOUD66_TASK_STATES.stack`.
 * @public
 */
export const STACK_STATUS_TABLE: Readonly<Record<number, StackStatusRow>> = Object.fromEntries(
  Object.entries(CLOUD66_SITE_STATES.status).map(([code, info]) => [
    code,
    { ...info, task: stackTaskRow(Number(code)).idle },
  ]),
);

/**
 * The combined row for a status code (an unknown code maps to `unknown`).
 * @deprecated Use `stackStatusInfo` and `stackTaskRow`.
 * @public
 */
export function stackStatusRow(status: number | null | undefined): StackStatusRow {
  return { ...stackStatusInfo(status), task: stackTaskRow(status).idle };
}

/**
 * Stack `health` 0–4.
 * @deprecated Use `CLOUD66_SITE_STATES.health`.
 * @public
 */
export const STACK_HEALTH_TABLE: Readonly<Record<number, StackHealthRow>> = CLOUD66_SITE_STATES.health;
