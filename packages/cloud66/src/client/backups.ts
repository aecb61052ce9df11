import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import {
  backupFileLinkSchema,
  backupFileSchema,
  backupSchema,
  type Cloud66Backup,
  type Cloud66BackupFile,
  type Cloud66BackupFileLink,
} from '../schemas/backup.js';
import { type Cloud66GenericResponse, genericResponseSchema } from '../schemas/common.js';
import type { Cloud66DatabaseType } from './actions.js';
import { getOne, listAll, send } from './request.js';

/**
 * Filters of `GET /stacks/{uid}/backups`, sent in the query string (the docs' Ruby example passes them
 * as a body on GET, which a GET cannot carry; vendor notes §3.4).
 * @public
 */
export interface BackupListOptions extends CallOptions {
  /** Backup group id. */
  group?: number | undefined;
  dbType?: Cloud66DatabaseType | undefined;
}

/**
 * A backup *schedule* (`POST /stacks/{uid}/backups`, scope `admin`). This is the only backup write the
 * API has: it sets up a recurring backup task, it does not take a backup now, and it returns no action
 * to wait on (vendor notes §3.4, gotcha 9).
 * @public
 */
export interface BackupScheduleInput {
  /** Database kinds, or `all`. */
  dbType: 'all' | Cloud66DatabaseType | readonly Cloud66DatabaseType[];
  /** Cron expression, e.g. `0 *\/6 * * *`. */
  frequency: string;
  keepCount?: number | undefined;
  gzip?: boolean | undefined;
  /** Comma-separated table names. */
  excludedTables?: string | undefined;
  runOnReplicaServer?: boolean | undefined;
  /** Go client only: a logical (text) dump rather than a physical one. */
  logicalBackup?: boolean | undefined;
}

/** Imports an external backup file into a backup group (`POST /stacks/{uid}/backups` with `remote_url`). @public */
export interface BackupImportInput {
  group: number;
  dbType: Cloud66DatabaseType;
  remoteUrl: string;
}

/** Managed database backups of a stack. @public */
export interface Cloud66BackupsClient {
  list(uid: string, options?: BackupListOptions): PagedIterable<Cloud66Backup>;
  get(uid: string, backupId: string | number, options?: CallOptions): Promise<Cloud66Backup>;
  /** The backup's file segments, in order (split backups have several: `tar-aa`, `tar-ab`, ...). */
  files(uid: string, backupId: string | number, options?: CallOptions): PagedIterable<Cloud66BackupFile>;
  /**
   * The pre-signed download URL of one segment, exactly as the API sent it. Use
   * `fixCloud66SignedUrl` (or the vocabulary's `backups.downloadLink`) before fetching it.
   */
  fileLink(
    uid: string,
    backupId: string | number,
    fileId: string,
    options?: CallOptions,
  ): Promise<Cloud66BackupFileLink>;
  /** Sets up a recurring backup (a Cloud 66 extra: there is no one-off backup). */
  schedule(uid: string, input: BackupScheduleInput, options?: CallOptions): Promise<Cloud66GenericResponse>;
  /** Queues the import of an external backup file. */
  importExternal(uid: string, input: BackupImportInput, options?: CallOptions): Promise<Cloud66GenericResponse>;
}

/** @internal */
export function createBackupsClient(http: HttpClient): Cloud66BackupsClient {
  return {
    list: (uid, options = {}) =>
      listAll(http, 'backups.list', encodePath`/stacks/${uid}/backups.json`, backupSchema, {
        signal: options.signal,
        query: { group: options.group, db_type: options.dbType },
      }),
    get: (uid, backupId, options = {}) =>
      getOne(http, 'backups.get', encodePath`/stacks/${uid}/backups/${backupId}.json`, backupSchema, options),
    files: (uid, backupId, options = {}) =>
      listAll(
        http,
        'backups.files',
        encodePath`/stacks/${uid}/backups/${backupId}/files.json`,
        backupFileSchema,
        options,
      ),
    fileLink: (uid, backupId, fileId, options = {}) =>
      getOne(
        http,
        'backups.fileLink',
        encodePath`/stacks/${uid}/backups/${backupId}/files/${fileId}.json`,
        backupFileLinkSchema,
        options,
      ),
    schedule: (uid, input, options = {}) =>
      send(http, {
        operation: 'backups.schedule',
        method: 'POST',
        path: encodePath`/stacks/${uid}/backups.json`,
        body: {
          db_type: typeof input.dbType === 'string' ? input.dbType : input.dbType.join(','),
          frequency: input.frequency,
          keep_count: input.keepCount,
          gzip: input.gzip,
          excluded_tables: input.excludedTables,
          run_on_replica_server: input.runOnReplicaServer,
          logical_backup: input.logicalBackup,
        },
        schema: genericResponseSchema,
        signal: options.signal,
      }),
    importExternal: (uid, input, options = {}) =>
      send(http, {
        operation: 'backups.importExternal',
        method: 'POST',
        path: encodePath`/stacks/${uid}/backups.json`,
        body: { group: input.group, db_type: input.dbType, remote_url: input.remoteUrl },
        schema: genericResponseSchema,
        signal: options.signal,
      }),
  };
}
