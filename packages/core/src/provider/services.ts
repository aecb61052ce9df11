import type { Backup, BackupDownloadLink } from '../model/backup.js';
import type { Deployment } from '../model/deployment.js';
import type { OperationJSON, StartIntent, StartKind } from '../model/intent.js';
import type { Site, SiteEnvironment } from '../model/site.js';
import type { Task } from '../model/task.js';
import type { PagedIterable } from '../paging/paginate.js';
import type { Operation } from '../wait/operation.js';
import type { WaitOptions } from '../wait/wait-for-task.js';
import type { StartOptions } from './start-operation.js';
import type { TaskClaims } from './task-claims.js';

/** Options every call accepts. @public */
export interface CallOptions {
  /** Aborts the call (in flight, queued in the rate limiter, or between retries). */
  signal?: AbortSignal | undefined;
}

/** Options of `sites.list`. @public */
export interface ListSitesOptions extends CallOptions {
  /** Items per request, up to the vendor's maximum (the vendor default otherwise). */
  pageSize?: number | undefined;
  /** Only sites of this environment (filtered server-side where the vendor can). */
  environment?: SiteEnvironment | undefined;
}

/** Sites: list lazily, get one. @public */
export interface SiteService {
  /** Lazy: pages are fetched as you iterate, and not after you stop. */
  list(options?: ListSitesOptions): PagedIterable<Site>;
  get(siteId: string, options?: CallOptions): Promise<Site>;
}

/** Options of `backups.list`. @public */
export type ListBackupsOptions = CallOptions;

/** Options of `backups.create`. @public */
export interface CreateBackupOptions extends CallOptions, StartOptions {
  label?: string | undefined;
  /** Parts to include, from `capabilities.backups.components`. */
  components?: readonly string[] | undefined;
}

/** Options of `backups.restore`. @public */
export interface RestoreBackupOptions extends CallOptions, StartOptions {
  /** Restore onto another site (when `capabilities.backups.restoreToOtherSite`). */
  targetSiteId?: string | undefined;
  /** Parts to restore, from `capabilities.backups.restoreComponents`. */
  components?: readonly string[] | undefined;
}

/** Backups: list (newest first), get, create, restore, delete, download link. @public */
export interface BackupService {
  list(siteId: string, options?: ListBackupsOptions): PagedIterable<Backup>;
  get(siteId: string, backupId: string, options?: CallOptions): Promise<Backup>;
  /** Starts a backup; `wait()` resolves to the finished backup. */
  create(siteId: string, options?: CreateBackupOptions): Promise<Operation<Backup>>;
  /** Starts a restore; `wait()` resolves to the finished task. */
  restore(siteId: string, backupId: string, options?: RestoreBackupOptions): Promise<Operation<Task>>;
  /** Deletes a backup; `wait()` resolves when the vendor has finished deleting it. */
  delete(siteId: string, backupId: string, options?: DeleteBackupOptions): Promise<Operation<Task>>;
  /** A pre-signed URL (or URLs, in order) to download the backup without credentials. */
  downloadLink(siteId: string, backupId: string, options?: CallOptions): Promise<BackupDownloadLink>;
}

/** Options of `backups.delete`. @public */
export interface DeleteBackupOptions extends CallOptions, StartOptions {}

/** What to deploy. Exactly one of `ref` and `fromSiteId`. @public */
export interface DeployInput extends CallOptions, StartOptions {
  /** A branch or tag (`main`, `tags/2.4.0`); for OnApp, the template to rebuild from. */
  ref?: string | undefined;
  /** Promote the code another site runs (Acquia: another environment of the same application). */
  fromSiteId?: string | undefined;
  /** A note recorded with the deploy where the vendor keeps one. */
  message?: string | undefined;
}

/** Deploys: start one, list history. @public */
export interface DeployService {
  deploy(siteId: string, input: DeployInput): Promise<Operation<Deployment>>;
  list(siteId: string, options?: CallOptions): PagedIterable<Deployment>;
}

/** Tasks: get, wait, cancel. @public */
export interface TaskService {
  get(taskId: string, options?: CallOptions): Promise<Task>;
  /** Waits for a task given as an id or as a task already fetched. */
  wait(task: Task | string, options?: WaitOptions): Promise<Task>;
  cancel(taskId: string, options?: CallOptions): Promise<void>;
}

/** The result a start call's operation resolves to, by kind. @public */
export type StartResult<K extends StartKind> = K extends 'backups.create'
  ? Backup
  : K extends 'deploys.deploy'
    ? Deployment
    : Task;

/** Options of `operations.reconcile`. @public */
export interface ReconcileOptions extends CallOptions {
  /** Who adopted which task (default: this process's claims; a fleet shares them across workers). */
  claims?: TaskClaims | undefined;
}

/**
 * Start calls as data: find the work a start began when its answer was lost, and finish a wait another process
 * began. @public
 */
export interface OperationService {
  /**
   * The operation the intent started, from the vendor's own records, or `null` when they show it never started
   * (then it is safe to start again). How sure a match is, per kind: `capabilities.operations.reconcile`.
   */
  reconcile<K extends StartKind>(
    intent: StartIntent & { kind: K },
    options?: ReconcileOptions,
  ): Promise<Operation<StartResult<K>> | null>;
  /** Rebuilds an operation from its JSON (`operation.toJSON()`): its `wait()` resolves to the same result. */
  resume<K extends StartKind>(
    json: OperationJSON & { kind: K },
    options?: CallOptions,
  ): Promise<Operation<StartResult<K>>>;
}
