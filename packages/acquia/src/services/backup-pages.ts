import type { Backup, NumberedPage, PageRequest } from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { toBackup } from '../mapping/to-backup.js';
import { toNumberedPage } from '../mapping/to-page.js';
import { backupListSchema } from '../schemas/backup.js';
import { rawItem, withRaw } from '../schemas/with-raw.js';

/** A deleted backup can still be listed with `flags.deleted`; it cannot be restored, so it is not a Backup. @internal */
export function isListed(backup: Backup): boolean {
  return backup.rawStatus !== 'deleted';
}

/** One page of a database's backups, newest first. @internal */
export type BackupPageReader = (
  siteId: string,
  databaseName: string,
  request: PageRequest,
  signal: AbortSignal | undefined,
  label: string,
) => Promise<NumberedPage<Backup>>;

/**
 * Reads one page of `GET .../databases/{name}/backups`: for `backups.list`, and for finding the backup a create
 * made (the 202 names no backup, vendor notes §4.5).
 * @internal
 */
export function backupPageReader(caller: OperationCaller): BackupPageReader {
  return async (siteId, databaseName, { offset, limit }, signal, label) => {
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
  };
}
