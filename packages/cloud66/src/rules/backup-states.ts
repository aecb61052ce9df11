import type { BackupState } from '@omnihost/core';

/**
 * `backup_status` → backup state: the one table (codes from the Go client `backups.go`: 0 Ok, 1 Failed).
 * An unknown code is `unknown`.
 * @public
 */
export const CLOUD66_BACKUP_STATES: Readonly<Record<number, BackupState>> = {
  0: 'completed',
  1: 'failed',
};

/** The backup state of a `backup_status` code (an unknown or missing code is `unknown`). @public */
export function backupStateOf(status: number | null | undefined): BackupState {
  return (status === null || status === undefined ? undefined : CLOUD66_BACKUP_STATES[status]) ?? 'unknown';
}

/**
 * `backup_status` → backup state.
 * @deprecated Use `CLOUD66_BACKUP_STATES`.
 * @public
 */
export const BACKUP_STATUS_TABLE: Readonly<Record<number, BackupState>> = CLOUD66_BACKUP_STATES;
