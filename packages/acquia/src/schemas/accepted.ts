import { z } from 'zod';
import { halLinksSchema } from './common.js';

/**
 * The 202 body of every asynchronous call (schema `message-with-links`). `_links.notification` is optional:
 * 25 of the spec's 79 202-examples have none, and some bodies are only `{ message }`. acquia/cli#1558 also
 * saw a top-level `notification` uuid; both forms are read.
 * @public
 */
export const acceptedSchema = z.looseObject({
  message: z.string().optional(),
  notification: z.union([z.string(), z.looseObject({ uuid: z.string() })]).optional(),
  _links: halLinksSchema.optional(),
});

/** A validated 202 body. @public */
export type AcquiaAccepted = z.output<typeof acceptedSchema>;
