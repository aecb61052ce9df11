import { z } from 'zod';
import { halCollectionSchema, intLike } from './common.js';

/**
 * An environment database (`GET /environments/{id}/databases`). The real payload carries `user_name`,
 * `password` and a `url` with credentials in it: this schema strips every field it does not name, so
 * those never reach a model, a log line or an error.
 * @public
 */
export const databaseSchema = z.object({
  name: z.string().min(1),
  id: intLike.optional(),
  flags: z.object({ default: z.boolean().optional(), perform_backup: z.boolean().optional() }).nullable().optional(),
});

/** `GET /environments/{id}/databases`. @public */
export const databaseListSchema = halCollectionSchema(databaseSchema);

/** A validated database (credentials stripped). @public */
export type AcquiaDatabase = z.output<typeof databaseSchema>;
