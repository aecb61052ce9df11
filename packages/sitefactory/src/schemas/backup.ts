import { z } from 'zod';
import { bool, idValue, num, opt, str } from '../client/coerce.js';

/** One row of `GET /api/v1/sites/{id}/backups` (newest first). @public */
export const backupRowSchema = z.looseObject({
  id: idValue,
  /** The site the backup was taken from. */
  nid: idValue,
  status: opt(num),
  uid: opt(num),
  /** Unix seconds. */
  timestamp: opt(num),
  bucket: opt(str),
  directory: opt(str),
  file: opt(str),
  label: opt(str),
  componentList: opt(z.array(str)),
  /** False while the archive is still being written. */
  complete: opt(bool),
});

/** A backup row after validation. @public */
export type BackupRow = z.output<typeof backupRowSchema>;

/** `GET /api/v1/sites/{id}/backups/{backup_id}/url`: a pre-signed URL and its lifetime in seconds. @public */
export const backupUrlSchema = z.looseObject({
  url: z.string().regex(/^https?:\/\//, 'expected an http(s) URL'),
  lifetime: opt(num),
});
