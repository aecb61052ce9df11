import type { Backup, BackupDownloadLink, BackupState } from '@omnihost/core';
import type { AcquiaBackup } from '../schemas/backup.js';
import { parseTimestamp } from './dates.js';

/**
 * Acquia backup `type` → how it was triggered. The spec types `type` as a free string; examples show
 * `daily`, and on-demand backups live under `backups/on-demand/` (acquia/cli#245). Unknown types leave
 * `trigger` unset rather than guessing.
 * @public
 */
export const ACQUIA_BACKUP_TRIGGERS: Readonly<Record<string, 'manual' | 'scheduled'>> = {
  daily: 'scheduled',
  weekly: 'scheduled',
  monthly: 'scheduled',
  hourly: 'scheduled',
  ondemand: 'manual',
  'on-demand': 'manual',
  manual: 'manual',
};

/**
 * Acquia backups have no status field, so `rawStatus` is derived from the two fields that carry one:
 * `flags.deleted` and `completed_at` (`deleted`, `completed` or `in-progress`).
 * @public
 */
export function backupRawStatus(backup: AcquiaBackup): string {
  if (backup.flags?.deleted === true) return 'deleted';
  return backup.completed_at ? 'completed' : 'in-progress';
}

const BACKUP_STATES: Readonly<Record<string, BackupState>> = {
  completed: 'completed',
  'in-progress': 'pending',
  deleted: 'unknown',
};

/** A database backup as an omnihost Backup. `siteId` is the environment the backup was read from. @public */
export function toBackup(backup: AcquiaBackup, siteId: string, raw: unknown = backup): Backup {
  const rawStatus = backupRawStatus(backup);
  const database = backup.database?.name;
  return {
    vendor: 'acquia',
    id: String(backup.id),
    siteId,
    state: BACKUP_STATES[rawStatus] ?? 'unknown',
    trigger: backup.type ? ACQUIA_BACKUP_TRIGGERS[backup.type.toLowerCase()] : undefined,
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
