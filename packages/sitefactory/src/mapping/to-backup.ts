import { type Backup, withoutIdempotencyKey } from '@omnihost/core';
import type { BackupRow } from '../schemas/backup.js';
import { fromUnixSeconds } from './unix-time.js';

/**
 * A site backup in the vocabulary. `complete` decides the state: `false` while the archive is being
 * written. `status` (always 1 in every published example, meaning undocumented) is kept as `rawStatus`. The
 * label reads as the caller wrote it: the idempotency key a start call adds to it (`omnihost:<key>`, issue 15)
 * stays in `raw.label` only.
 * @public
 */
export function toBackup(row: BackupRow): Backup {
  return {
    vendor: 'sitefactory',
    id: String(row.id),
    siteId: String(row.nid),
    state: row.complete === false ? 'pending' : row.complete === true ? 'completed' : 'unknown',
    label: row.label ? withoutIdempotencyKey(row.label) || undefined : undefined,
    components: row.componentList,
    createdAt: fromUnixSeconds(row.timestamp),
    rawStatus: row.status !== undefined ? String(row.status) : String(row.complete ?? ''),
    raw: row,
  };
}
