import {
  type Backup,
  type BackupDownloadLink,
  type BackupService,
  type CallOptions,
  type CreateBackupOptions,
  checkComponents,
  type DeleteBackupOptions,
  type ListBackupsOptions,
  type Logger,
  mapPaged,
  NotFoundError,
  notKept,
  numberedPages,
  type Operation,
  type PagedIterable,
  type RestoreBackupOptions,
  type Task,
  UnsupportedOperationError,
  withWarnings,
} from '@omnihost/core';
import { acquiaCapabilities } from '../capabilities.js';
import type { OperationCaller } from '../client/operation-caller.js';
import { ACQUIA_MAX_PAGE_SIZE } from '../constants.js';
import { toBackup, toDownloadLink } from '../mapping/to-backup.js';
import { acceptedSchema } from '../schemas/accepted.js';
import { backupDownloadSchema, backupSchema } from '../schemas/backup.js';
import { withRaw } from '../schemas/with-raw.js';
import { backupPageReader, isListed } from './backup-pages.js';
import type { DatabaseResolver } from './database-resolver.js';
import { environmentIdOf } from './ids.js';
import type { AcquiaStarts } from './operations.js';

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
  delete(
    siteId: string,
    backupId: string,
    options?: DeleteBackupOptions & AcquiaDatabaseOption,
  ): Promise<Operation<Task>>;
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
  starts: AcquiaStarts,
  start: { readonly logger?: Logger | undefined } = {},
): AcquiaBackupService {
  const backupPage = backupPageReader(caller);

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
      // The intent is recorded before anything is sent; the database is marked when the caller named one (a
      // reconcile resolves the default one, which never changes).
      const intent = starts.intent(
        'backups.create',
        { siteId, label: options.label, marks: options.database ? { database: options.database } : undefined },
        options,
      );
      return starts.run(intent, async (context) => {
        environmentIdOf(siteId, 'backups.create');
        checkComponents(
          'acquia',
          options.components,
          acquiaCapabilities.backups.components,
          'backups.create',
          'a backup covers one whole database; choose it with options.database instead of components',
        );
        const databaseName = await databases.resolve(siteId, options.database, options.signal);
        const { data } = await caller.call(
          'postEnvironmentsDatabaseBackups',
          { path: { environmentId: siteId, databaseName } },
          {
            schema: withRaw(acceptedSchema),
            label: 'backups.create',
            signal: options.signal,
            headers: starts.headers(intent),
          },
        );
        context.accepted();
        const operation = starts.accepted(data, intent, { database: databaseName });
        // Acquia backups carry no label (`capabilities.backups.labels: false`): it is said, not sent (issue 13).
        const labelled = options.label !== undefined && options.label !== '';
        return withWarnings(
          operation,
          labelled
            ? [notKept('acquia', start.logger, 'backups.create', 'label', 'Acquia database backups have no label')]
            : [],
        );
      });
    },

    async restore(
      siteId: string,
      backupId: string,
      options: RestoreBackupOptions & AcquiaDatabaseOption = {},
    ): Promise<Operation<Task>> {
      const intent = starts.intent(
        'backups.restore',
        {
          siteId,
          backupId,
          targetSiteId: options.targetSiteId,
          components: options.components,
          marks: options.database ? { database: options.database } : undefined,
        },
        options,
      );
      return starts.run(intent, async (context) => {
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
          {
            schema: withRaw(acceptedSchema),
            label: 'backups.restore',
            signal: options.signal,
            headers: starts.headers(intent),
          },
        );
        context.accepted();
        return starts.accepted(data, intent, { database: databaseName });
      });
    },

    async delete(
      siteId: string,
      backupId: string,
      options: DeleteBackupOptions & AcquiaDatabaseOption = {},
    ): Promise<Operation<Task>> {
      const intent = starts.intent(
        'backups.delete',
        { siteId, backupId, marks: options.database ? { database: options.database } : undefined },
        options,
      );
      return starts.run(intent, async (context) => {
        environmentIdOf(siteId, 'backups.delete');
        const id = backupIdOf(backupId, 'backups.delete');
        const databaseName = await databases.resolve(siteId, options.database, options.signal);
        const { data } = await caller.call(
          'deleteEnvironmentsDatabaseBackup',
          { path: { environmentId: siteId, databaseName, backupId: id } },
          {
            schema: withRaw(acceptedSchema),
            label: 'backups.delete',
            signal: options.signal,
            headers: starts.headers(intent),
          },
        );
        context.accepted();
        return starts.accepted(data, intent, { database: databaseName });
      });
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
