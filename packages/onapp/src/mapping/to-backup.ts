import { type Backup, type BackupState, withoutIdempotencyKey } from '@omnihost/core';
import type { OnAppBackup } from '../schemas/backup.js';
import { toDate } from '../schemas/scalars.js';

/**
 * An OnApp backup as a Backup. A backup is complete when `built` is true (cloudnet's monitor_backup
 * polls for exactly that); until then it is `pending`. `trigger` is `manual` when `initiated` says so,
 * `scheduled` for a period (`days`, ...) or an old panel's `*-autobackup` type. `backup_size` is taken
 * as KB, the unit the panels' sizes match. `label` is the note without the idempotency key a start put
 * there (`omnihost:<key>`, issue 15): the label as the user wrote it.
 * @public
 */
export function toBackup(backup: OnAppBackup, siteId: string, raw: unknown): Backup {
  const state: BackupState = backup.built === true ? 'completed' : backup.built === false ? 'pending' : 'unknown';
  const kind = backup.target_type === 'VirtualMachine' ? 'incremental' : 'disk';
  return {
    vendor: 'onapp',
    id: String(backup.id),
    siteId,
    state,
    trigger: triggerOf(backup),
    label: backup.note ? withoutIdempotencyKey(backup.note) || undefined : undefined,
    components: [backup.target_type === 'Disk' && backup.target_id != null ? `disk ${backup.target_id}` : kind],
    sizeBytes: backup.backup_size != null && backup.backup_size >= 0 ? backup.backup_size * 1024 : undefined,
    createdAt: toDate(backup.created_at),
    completedAt: toDate(backup.built_at),
    rawStatus: `built=${backup.built ?? 'unknown'}`,
    raw,
  };
}

function triggerOf(backup: OnAppBackup): Backup['trigger'] {
  const initiated = backup.initiated ?? backup.backup_type ?? '';
  if (!initiated) return undefined;
  return initiated === 'manual' ? 'manual' : 'scheduled';
}
