import { type Backup, type BackupDownloadLink, type DownloadSegment, ResponseValidationError } from '@omnihost/core';
import { backupStateOf } from '../rules/backup-states.js';
import type { Cloud66Backup } from '../schemas/backup.js';
import { untouchedPayload } from '../schemas/common.js';
import { firstDate } from './dates.js';

/**
 * A managed database backup in the vocabulary. Every Cloud 66 backup comes from a schedule (there is no
 * one-off backup), so `trigger` is `scheduled`; the database is the label and `db_type` the component.
 * @public
 */
export function toBackup(stackUid: string, backup: Cloud66Backup): Backup {
  const status = backup.backup_status;
  const takenAt = firstDate(backup.backup_date_iso, backup.created_at_iso);
  return {
    vendor: 'cloud66',
    id: String(backup.id),
    siteId: stackUid,
    state: backupStateOf(status),
    trigger: 'scheduled',
    label: backup.database_name ?? backup.file_name ?? undefined,
    components: backup.db_type ? [backup.db_type] : undefined,
    sizeBytes:
      typeof backup.backup_size === 'number' && backup.backup_size >= 0 && Number.isFinite(backup.backup_size)
        ? backup.backup_size
        : undefined,
    createdAt: takenAt,
    completedAt: takenAt,
    rawStatus: status === null || status === undefined ? 'unknown' : String(status),
    raw: untouchedPayload(backup),
  };
}

/**
 * Repairs a pre-signed backup URL as the Go client does: the API double-encodes it (`%252F` in the
 * docs' example signature), so every `%25` becomes `%` ("percentage deserialize bug",
 * cloud66-oss/cloud66 `backups.go`). Throws `ResponseValidationError` for anything that is not an
 * absolute http(s) URL.
 * @public
 */
export function fixCloud66SignedUrl(publicUrl: string): DownloadSegment {
  const repaired = publicUrl.trim().replaceAll('%25', '%');
  let url: URL;
  try {
    url = new URL(repaired);
  } catch {
    throw invalidLink();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidLink();
  const expires = url.searchParams.get('Expires');
  const expiresAt = expires && /^\d{1,12}$/.test(expires) ? new Date(Number(expires) * 1000) : undefined;
  return { url: repaired, expiresAt };
}

function invalidLink(): ResponseValidationError {
  return new ResponseValidationError('cloud66 backups.fileLink: public_url is not an http(s) URL', {
    vendor: 'cloud66',
    operation: 'backups.fileLink',
    reason: 'unexpected',
  });
}

/**
 * Segments (in the order the API lists them, which is the order `cx backups download` concatenates them
 * in) as core's download link: `url` is the first segment, `expiresAt` the earliest expiry of any segment,
 * since the download needs them all.
 * @public
 */
export function toDownloadLink(segments: readonly DownloadSegment[]): BackupDownloadLink | undefined {
  const [first] = segments;
  if (!first) return undefined;
  const expiries = segments.flatMap((segment) => (segment.expiresAt ? [segment.expiresAt.getTime()] : []));
  const expiresAt = expiries.length > 0 ? new Date(Math.min(...expiries)) : undefined;
  return { url: first.url, expiresAt, segments };
}
