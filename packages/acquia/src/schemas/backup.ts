import { z } from 'zod';
import { halCollectionSchema, halLinksSchema, intLike, timestampSchema } from './common.js';

/** A database backup (`GET .../databases/{db}/backups/{id}`, and the items of the list). @public */
export const backupSchema = z.looseObject({
  id: intLike,
  type: z.string().optional(),
  started_at: timestampSchema,
  completed_at: timestampSchema,
  database: z.looseObject({ name: z.string().optional(), id: intLike.optional() }).nullable().optional(),
  environment: z.looseObject({ id: z.string().optional(), name: z.string().optional() }).nullable().optional(),
  flags: z.looseObject({ deleted: z.boolean().optional() }).nullable().optional(),
  _links: halLinksSchema.optional(),
});

/** `GET .../databases/{db}/backups`. @public */
export const backupListSchema = halCollectionSchema(backupSchema);

/**
 * The backup download link (`GET .../backups/{id}/actions/download` with `Accept: application/hal+json`):
 * `{ url, expires_at }`. The operation is missing from the latest spec revision (vendor notes §0, §4.5).
 * @public
 */
export const backupDownloadSchema = z.looseObject({
  url: z.string().min(1),
  expires_at: timestampSchema,
  _links: halLinksSchema.optional(),
});

/** A validated backup. @public */
export type AcquiaBackup = z.output<typeof backupSchema>;
