import type { OperationJSON, VendorId } from '@omnihost/core';
import type { Plan } from '../plan/plan.js';

/** What a step does to a site. @public */
export type StepAction = 'backup' | 'deploy';

/**
 * One unit of work of a step: a site, or (where one deploy updates a whole stack) a stack, named by one of
 * its sites. One job per (run, step, target).
 * @public
 */
export interface Target {
  /** Stable within a step: `<account>/<site id>`, or `<account>/stack:<group>`. */
  readonly key: string;
  readonly account: string;
  readonly vendor: VendorId;
  /** The site the vendor call names. */
  readonly siteId: string;
  readonly siteName: string;
  /** A stack deploy: the selected sites it updates. */
  readonly covers?: readonly { readonly id: string; readonly name: string }[] | undefined;
}

/**
 * How a site's step ended:
 * - `succeeded`, `failed`: the vendor's task ended so (or the start was refused);
 * - `skipped`: not attempted, on purpose (the vendor cannot, or the plan did not allow it), with the reason;
 * - `cancelled`: not attempted, the run was cancelled first;
 * - `unknown`: a start whose answer was lost, and the vendor cannot tell whether it ran (no reconcile).
 * @public
 */
export type SiteOutcome = 'succeeded' | 'failed' | 'skipped' | 'cancelled' | 'unknown';

/**
 * Why a site was skipped: the vendor cannot do the step (`unsupported`: no on-demand backups, no deploy of
 * a ref), or the plan did not allow what the step would do there (`destructive`: the deploy wipes the server;
 * `stack-wide`: the deploy would also update sites the step did not select; `no-ref`: no ref for the account).
 * @public
 */
export type SkipKind = 'unsupported' | 'destructive' | 'stack-wide' | 'no-ref';

/** One line of a run's report: what happened to one site (or stack) in one step. Never holds a secret. @public */
export interface SiteResult {
  readonly run: string;
  readonly step: number;
  readonly action: StepAction;
  /** The target's key (`<account>/<site id>`), or `<account>` for an account that could not be listed. */
  readonly key: string;
  readonly account: string;
  readonly vendor: VendorId;
  readonly siteId: string;
  readonly siteName: string;
  readonly outcome: SiteOutcome;
  /** With `skipped`: why. */
  readonly skip?: SkipKind | undefined;
  /** True for work a job did (a target); false for sites skipped at discovery and listing failures. */
  readonly target: boolean;
  readonly taskId?: string | undefined;
  /** The backup's id, or the deployment's. */
  readonly resultId?: string | undefined;
  /** The error class (`TaskFailedError`, `NotFoundError`, ...). */
  readonly error?: string | undefined;
  /** The vendor's message, or the error's, or why the site was skipped. */
  readonly message?: string | undefined;
  /** The vendor's own status of the task, when it ended. */
  readonly rawStatus?: string | undefined;
  readonly startedAt?: string | undefined;
  readonly finishedAt: string;
  /** Stack deploys: the sites the deploy updated. */
  readonly covers?: readonly { readonly id: string; readonly name: string }[] | undefined;
}

/**
 * Where a run is:
 * - `running`: working (or waiting for workers);
 * - `stopped`: a wave went over its failure budget; `resume` goes on with the next wave;
 * - `cancelled`: no new work is started; final;
 * - `completed`: every step finished for every site (some may have failed);
 * - `failed`: the run could not go on (a step selected no site at all).
 * @public
 */
export type RunStatus = 'running' | 'stopped' | 'cancelled' | 'completed' | 'failed';

/** A run as stored (no secret: account names and vendors only). @public */
export interface RunRecord {
  readonly id: string;
  readonly plan: Plan;
  /** The accounts the plan may use, by name, in the accounts file's order. */
  readonly accounts: readonly { readonly name: string; readonly vendor: VendorId }[];
  readonly status: RunStatus;
  /** Why the run stopped, was cancelled or failed. */
  readonly reason?: string | undefined;
  /** The step being worked on (`steps.length` once the run is complete). */
  readonly step: number;
  /** The wave of the step reached so far; -1 while its sites are being discovered. */
  readonly wave: number;
  readonly mode: 'in-process' | 'redis';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string | undefined;
  /**
   * Per step, the failures already accepted by a `resume` (the budget counts from there), and how many
   * sites had been reached then.
   */
  readonly baselines?: Readonly<Record<string, { readonly failed: number; readonly reached: number }>> | undefined;
}

/** A step's figures. @public */
export interface StepCounts {
  /** Targets found so far (jobs). */
  readonly targets: number;
  /** Targets finished (any outcome). */
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly unknown: number;
  readonly skipped: number;
  readonly cancelled: number;
  /** Accounts whose sites have all been listed. */
  readonly discovered: number;
}

/** One account's figures in a step. @public */
export interface AccountCounts {
  readonly targets: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly unknown: number;
  readonly skipped: number;
  readonly cancelled: number;
}

/** A job that lists one account's sites for one step. @public */
export interface DiscoverJobData {
  readonly type: 'discover';
  readonly run: string;
  readonly step: number;
  readonly account: string;
  /** Transient failures so far, and since when (for the retry budget). */
  readonly transient?: { readonly count: number; readonly since: number } | undefined;
}

/** Where a site job is: about to start, started (answer pending), polling, or finished. @public */
export type SiteJobPhase = 'pending' | 'starting' | 'polling' | 'finished';

/** A job that does one step to one target, checkpointed in its data. Never holds a secret. @public */
export interface SiteJobData {
  readonly type: 'site';
  readonly run: string;
  readonly step: number;
  readonly target: Target;
  readonly phase: SiteJobPhase;
  /** The idempotency key of the start: derived from (run, step, target), the same after any restart. */
  readonly key: string;
  /** When the start was first attempted (ISO): the intent's time. */
  readonly startedAt?: string | undefined;
  /** The started operation, once known. */
  readonly operation?: OperationJSON | undefined;
  /** Polls so far (the backoff's position). */
  readonly polls?: number | undefined;
  readonly transient?: { readonly count: number; readonly since: number } | undefined;
  /** Starts attempted (a reconcile that found nothing allows another). */
  readonly starts?: number | undefined;
}

/** Any fleet job's data. @public */
export type FleetJobData = DiscoverJobData | SiteJobData;

/** The account a job works for: each account has its own queue and its own slots (see `fleetQueueName`). @internal */
export function accountOfJob(data: FleetJobData): string {
  return data.type === 'discover' ? data.account : data.target.account;
}

/** A job to add: its id is derived from what it does, so adding it twice adds it once. @public */
export interface FleetJob {
  readonly id: string;
  readonly data: FleetJobData;
}
