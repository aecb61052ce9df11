import { z } from 'zod';
import { boolLike, genericResponseSchema, idString, intLike, keepRaw, numberLike, optionalText } from './common.js';

/**
 * A managed database backup (GET /stacks/{uid}/backups[/{id}]). Status codes from the Go client
 * (`backups.go`): `backup_status` 0 ok / 1 failed; `restore_status` 0–3; `verify_status` 0–4.
 * @public
 */
export const backupSchema = keepRaw(
  z.looseObject({
    id: intLike,
    server_uid: optionalText,
    db_type: optionalText,
    database_name: optionalText,
    file_base: optionalText,
    file_name: optionalText,
    backup_date_iso: optionalText,
    backup_status: intLike.nullish(),
    backup_result: optionalText,
    restore_status: intLike.nullish(),
    restore_result: optionalText,
    verify_status: intLike.nullish(),
    verify_result: optionalText,
    created_at_iso: optionalText,
    updated_at_iso: optionalText,
    storage_path: optionalText,
    skip_tables: optionalText,
    backup_size: numberLike.nullish(),
    /** true = logical (text) dump, false = physical, null = unknown (Go client, 2026-05). */
    logical_backup: boolLike.nullish(),
  }),
);

/** A Cloud 66 managed backup. @public */
export type Cloud66Backup = z.output<typeof backupSchema>;

/** One file segment of a backup (`tar`, or `tar-aa`, `tar-ab`... for split backups). @public */
export const backupFileSchema = keepRaw(
  z.looseObject({
    id: idString,
    name: optionalText,
  }),
);

/** A backup file segment. @public */
export type Cloud66BackupFile = z.output<typeof backupFileSchema>;

/** `{ ok, public_url }`: a pre-signed, time-limited download URL for one segment. @public */
export const backupFileLinkSchema = genericResponseSchema.extend({
  public_url: z.string().min(1),
});

/** A backup file's download link. @public */
export type Cloud66BackupFileLink = z.output<typeof backupFileLinkSchema>;
