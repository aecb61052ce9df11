import { z } from 'zod';
import { halCollectionSchema, halLinksSchema, intLike, timestampSchema } from './common.js';

/**
 * A notification (`GET /notifications/{uuid}`, schema `notification-stub`): Acquia's task. `status` is
 * kept as any string: the spec's enum is `in-progress | completed | failed`, and anything else must map to
 * `unknown`, not fail parsing (acli throws "Unknown task status"; python-acquia-cloud-2 also sees `error`).
 * @public
 */
export const notificationSchema = z.looseObject({
  uuid: z.string().min(1),
  status: z.string(),
  event: z.string().optional(),
  label: z.string().optional(),
  description: z.string().nullable().optional(),
  created_at: timestampSchema,
  completed_at: timestampSchema,
  progress: intLike.nullable().optional(),
  context: z.record(z.string(), z.unknown()).nullable().optional(),
  _links: halLinksSchema.optional(),
});

/** `GET /applications/{uuid}/notifications`. @public */
export const notificationListSchema = halCollectionSchema(notificationSchema);

/** A validated notification. @public */
export type AcquiaNotification = z.output<typeof notificationSchema>;
