import type { Backup, BackupDownloadLink } from '@omnihost/core';
import { backupRawStatus, backupStateOf, backupTriggerOf } from '../rules/backup-states.js';
import type { AcquiaBackup } from '../schemas/backup.js';
import { parseTimestamp } from './dates.js';

/**
 * A database backup as an omnihost Backup. `siteId` is the environment the backup was read from. State and
 * trigger come from the tables in rules/backup-states.ts.
 * @public
 */
export function toBackup(backup: AcquiaBackup, siteId: string, raw: unknown = backup): Backup {
  const rawStatus = backupRawStatus(backup);
  const database = backup.database?.name;
  return {
    vendor: 'acquia',
    id: String(backup.id),
    siteId,
    state: backupStateOf(rawStatus),
    trigger: backupTriggerOf(backup.type),
    components: database ? [`database:${database}`] : ['database'],
    createdAt: parseTimestamp(backup.started_at),
    completedAt: parseTimestamp(backup.completed_at),
    rawStatus,
    raw,
  };
}

/** The hal+json download answer `{ url, expires_at }` as core's download link (one segment). @public */
export function toDownloadLink(download: { url: string; expires_at?: string | null | undefined }): BackupDownloadLink {
  const expiresAt = parseTimestamp(download.expires_at);
  return { url: download.url, expiresAt, segments: [{ url: download.url, expiresAt }] };
}
