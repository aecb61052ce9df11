import type { BackupState } from '@omnihost/core';
import type { AcquiaBackup } from '../schemas/backup.js';

/**
 * Acquia backups have no status field, so `rawStatus` is derived from the two fields that carry one:
 * `flags.deleted` and `completed_at` (`deleted`, `completed` or `in-progress`).
 * @public
 */
export function backupRawStatus(backup: AcquiaBackup): string {
  if (backup.flags?.deleted === true) return 'deleted';
  return backup.completed_at ? 'completed' : 'in-progress';
}

/**
 * Derived backup status ({@link backupRawStatus}) → backup state: the one table. A deleted backup can still
 * be listed with `flags.deleted`; it cannot be restored, so it is `unknown` (and lists skip it).
 * @public
 */
export const ACQUIA_BACKUP_STATES: Readonly<Record<string, BackupState>> = {
  completed: 'completed',
  'in-progress': 'pending',
  deleted: 'unknown',
};

/** The state for a derived backup status, `unknown` for anything not in {@link ACQUIA_BACKUP_STATES}. @public */
export function backupStateOf(rawStatus: string): BackupState {
  return Object.hasOwn(ACQUIA_BACKUP_STATES, rawStatus) ? (ACQUIA_BACKUP_STATES[rawStatus] as BackupState) : 'unknown';
}

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

/** How a backup of this `type` was triggered, or undefined when the type is unknown. @public */
export function backupTriggerOf(type: string | null | undefined): 'manual' | 'scheduled' | undefined {
  if (!type) return undefined;
  const key = type.toLowerCase();
  return Object.hasOwn(ACQUIA_BACKUP_TRIGGERS, key) ? ACQUIA_BACKUP_TRIGGERS[key] : undefined;
}
