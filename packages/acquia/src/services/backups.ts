import {
  type Backup,
  type BackupDownloadLink,
  type BackupService,
  type CallOptions,
  type CreateBackupOptions,
  checkComponents,
  type ListBackupsOptions,
  type Logger,
  mapPaged,
  NotFoundError,
  type NumberedPage,
  notKept,
  numberedPages,
  type Operation,
  type PagedIterable,
  type PageRequest,
  ResponseValidationError,
  type RestoreBackupOptions,
  type Task,
  UnsupportedOperationError,
  withWarnings,
} from '@omnihost/core';
import { acquiaCapabilities } from '../capabilities.js';
import type { OperationCaller } from '../client/operation-caller.js';
import { ACQUIA_MAX_PAGE_SIZE } from '../constants.js';
import { toBackup, toDownloadLink } from '../mapping/to-backup.js';
import { toNumberedPage } from '../mapping/to-page.js';
import { acceptedSchema } from '../schemas/accepted.js';
import { backupDownloadSchema, backupListSchema, backupSchema } from '../schemas/backup.js';
import { rawItem, withRaw } from '../schemas/with-raw.js';
import type { DatabaseResolver } from './database-resolver.js';
import { environmentIdOf } from './ids.js';
import type { TaskPoller } from './tasks.js';

/** How far before the task's creation a new backup may claim to have started (server clock rounding). */
const CREATED_SLACK_MS = 60_000;
/** Backups already handed to a finished create, remembered so concurrent creates do not take the same one. */
const MAX_CLAIMED = 1000;

/** A deleted backup can still be listed with `flags.deleted`; it cannot be restored, so it is not a Backup. */
function isListed(backup: Backup): boolean {
  return backup.rawStatus !== 'deleted';
}

/** Acquia-only option of every backup call: which database of the environment. @public */
export interface AcquiaDatabaseOption {
  /** The database name (default: the environment's default database, the one named like the application). */
  database?: string | undefined;
}

/**
 * Acquia's backups: the vocabulary's calls, each also taking the {@link AcquiaDatabaseOption} (kept out of
 * core's shared options, which every vendor reads).
 * @public
 */
export interface AcquiaBackupService extends BackupService {
  list(siteId: string, options?: ListBackupsOptions & AcquiaDatabaseOption): PagedIterable<Backup>;
  get(siteId: string, backupId: string, options?: CallOptions & AcquiaDatabaseOption): Promise<Backup>;
  create(siteId: string, options?: CreateBackupOptions & AcquiaDatabaseOption): Promise<Operation<Backup>>;
  restore(
    siteId: string,
    backupId: string,
    options?: RestoreBackupOptions & AcquiaDatabaseOption,
  ): Promise<Operation<Task>>;
  delete(siteId: string, backupId: string, options?: CallOptions & AcquiaDatabaseOption): Promise<Operation<Task>>;
  downloadLink(
    siteId: string,
    backupId: string,
    options?: CallOptions & AcquiaDatabaseOption,
  ): Promise<BackupDownloadLink>;
}

/** Backups = database backups of an environment's database. @internal */
export function createBackupService(
  caller: OperationCaller,
  databases: DatabaseResolver,
  tasks: TaskPoller,
  start: { readonly logger?: Logger | undefined } = {},
): AcquiaBackupService {
  const claimed = new Set<string>();

  async function backupPage(
    siteId: string,
    databaseName: string,
    { offset, limit }: PageRequest,
    signal: AbortSignal | undefined,
    label: string,
  ): Promise<NumberedPage<Backup>> {
    const { data } = await caller.call(
      'getEnvironmentsDatabaseBackups',
      // `sort=-created` asks for newest first; list order is not guaranteed otherwise (vendor notes §4.5).
      { path: { environmentId: siteId, databaseName }, query: { sort: '-created', limit, offset } },
      { schema: withRaw(backupListSchema), label, signal },
    );
    const backups = data.value._embedded.items.map((backup, index) =>
      toBackup(backup, siteId, rawItem(data.raw, index)),
    );
    return toNumberedPage(data.value, backups);
  }

  /**
   * After a create succeeded: the 202 carries no backup id (acli re-lists too, vendor notes §4.5), so the
   * new backup is the on-demand one that started after the request, closest to when the task started.
   * Timestamps have one-second resolution, so backups this provider already handed out are skipped: two
   * creates of one database started together each get their own backup.
   */
  async function findCreated(
    siteId: string,
    databaseName: string,
    since: number,
    taskStartedAt: number,
    signal: AbortSignal | undefined,
  ) {
    const { items } = await backupPage(
      siteId,
      databaseName,
      { page: 1, offset: 0, limit: 10 },
      signal,
      'backups.create',
    );
    const fresh = items.filter(
      (backup) =>
        isListed(backup) &&
        (backup.createdAt?.getTime() ?? Number.NEGATIVE_INFINITY) >= since &&
        !claimed.has(`${siteId}|${databaseName}|${backup.id}`),
    );
    const candidates = fresh.some((backup) => backup.trigger !== 'scheduled')
      ? fresh.filter((backup) => backup.trigger !== 'scheduled')
      : fresh;
    const distance = (backup: Backup) => Math.abs((backup.createdAt?.getTime() ?? 0) - taskStartedAt);
    const found = candidates.sort((a, b) => distance(a) - distance(b))[0];
    if (found) {
      if (claimed.size >= MAX_CLAIMED) claimed.delete(claimed.values().next().value as string);
      claimed.add(`${siteId}|${databaseName}|${found.id}`);
      return found;
    }
    throw new ResponseValidationError(
      `acquia backups.create: the backup task succeeded but no new backup of ${databaseName} is listed`,
      { vendor: 'acquia', operation: 'backups.create', reason: 'unexpected' },
    );
  }

  return {
    list(siteId: string, options: ListBackupsOptions & AcquiaDatabaseOption = {}): PagedIterable<Backup> {
      const pages = numberedPages<Backup>(
        async (request, signal) => {
          environmentIdOf(siteId, 'backups.list');
          const databaseName = await databases.resolve(siteId, options.database, signal);
          return backupPage(siteId, databaseName, request, signal, 'backups.list');
        },
        { pageSize: ACQUIA_MAX_PAGE_SIZE, signal: options.signal },
      );
      // Pages whose backups are all deleted do not end the list (core's mapPaged).
      return mapPaged(pages, (backup) => backup, isListed);
    },

    async get(siteId: string, backupId: string, options: CallOptions & AcquiaDatabaseOption = {}): Promise<Backup> {
      environmentIdOf(siteId, 'backups.get');
      const id = backupIdOf(backupId, 'backups.get');
      const databaseName = await databases.resolve(siteId, options.database, options.signal);
      const { data } = await caller.call(
        'getEnvironmentsDatabaseBackup',
        { path: { environmentId: siteId, databaseName, backupId: id } },
        { schema: withRaw(backupSchema), label: 'backups.get', signal: options.signal },
      );
      return toBackup(data.value, siteId, data.raw);
    },

    async create(siteId: string, options: CreateBackupOptions & AcquiaDatabaseOption = {}): Promise<Operation<Backup>> {
      environmentIdOf(siteId, 'backups.create');
      checkComponents(
        'acquia',
        options.components,
        acquiaCapabilities.backups.components,
        'backups.create',
        'a backup covers one whole database; choose it with options.database instead of components',
      );
      const databaseName = await databases.resolve(siteId, options.database, options.signal);
      const requestedAt = Date.now();
      const { data } = await caller.call(
        'postEnvironmentsDatabaseBackups',
        { path: { environmentId: siteId, databaseName } },
        { schema: withRaw(acceptedSchema), label: 'backups.create', signal: options.signal },
      );
      const operation = tasks.operation(data, 'DatabaseBackupCreated', (task, signal) => {
        const taskStartedAt = task.createdAt?.getTime() ?? requestedAt;
        const since = Math.min(taskStartedAt, requestedAt) - CREATED_SLACK_MS;
        return findCreated(siteId, databaseName, since, taskStartedAt, signal);
      });
      // Acquia backups carry no label (`capabilities.backups.labels: false`): it is said, not sent (issue 13).
      const labelled = options.label !== undefined && options.label !== '';
      return withWarnings(
        operation,
        labelled
          ? [notKept('acquia', start.logger, 'backups.create', 'label', 'Acquia database backups have no label')]
          : [],
      );
    },

    async restore(
      siteId: string,
      backupId: string,
      options: RestoreBackupOptions & AcquiaDatabaseOption = {},
    ): Promise<Operation<Task>> {
      environmentIdOf(siteId, 'backups.restore');
      const id = backupIdOf(backupId, 'backups.restore');
      if (options.targetSiteId !== undefined && options.targetSiteId !== siteId) {
        throw new UnsupportedOperationError(
          'acquia',
          'backups.restore',
          'a database backup restores into its own environment; copy the database to move it',
        );
      }
      // A restore never does more than it was asked: parts cannot be chosen, so asking for some is refused.
      checkComponents(
        'acquia',
        options.components,
        acquiaCapabilities.backups.restoreComponents,
        'backups.restore',
        'a database backup is restored whole',
      );
      const databaseName = await databases.resolve(siteId, options.database, options.signal);
      const { data } = await caller.call(
        'postEnvironmentsDatabaseRestoreBackup',
        { path: { environmentId: siteId, databaseName, backupId: id } },
        { schema: withRaw(acceptedSchema), label: 'backups.restore', signal: options.signal },
      );
      return tasks.operation(data, 'DatabaseBackupRestored', async (task) => task);
    },

    async delete(
      siteId: string,
      backupId: string,
      options: CallOptions & AcquiaDatabaseOption = {},
    ): Promise<Operation<Task>> {
      environmentIdOf(siteId, 'backups.delete');
      const id = backupIdOf(backupId, 'backups.delete');
      const databaseName = await databases.resolve(siteId, options.database, options.signal);
      const { data } = await caller.call(
        'deleteEnvironmentsDatabaseBackup',
        { path: { environmentId: siteId, databaseName, backupId: id } },
        { schema: withRaw(acceptedSchema), label: 'backups.delete', signal: options.signal },
      );
      return tasks.operation(data, 'DatabaseBackupDeleted', async (task) => task);
    },

    async downloadLink(
      siteId: string,
      backupId: string,
      options: CallOptions & AcquiaDatabaseOption = {},
    ): Promise<BackupDownloadLink> {
      environmentIdOf(siteId, 'backups.downloadLink');
      const id = backupIdOf(backupId, 'backups.downloadLink');
      const databaseName = await databases.resolve(siteId, options.database, options.signal);
      // Asked as hal+json, the API answers `{ url, expires_at }` instead of streaming the file (acquia/cli#245).
      const { data } = await caller.call(
        'getEnvironmentsDatabaseDownloadBackup',
        { path: { environmentId: siteId, databaseName, backupId: id } },
        { schema: backupDownloadSchema, label: 'backups.downloadLink', signal: options.signal },
      );
      return toDownloadLink(data);
    },
  };
}

/**
 * Acquia backup ids are integers (spec parameter `backupId: integer`). Anything else cannot name a
 * backup, so it is a NotFoundError without a request (and no request that violates the spec).
 */
function backupIdOf(backupId: string, operation: string): number {
  if (!/^\d{1,15}$/.test(backupId)) {
    throw new NotFoundError(`acquia ${operation}: "${backupId.slice(0, 40)}" is not an Acquia backup id (an integer)`, {
      vendor: 'acquia',
      operation,
    });
  }
  return Number(backupId);
}
