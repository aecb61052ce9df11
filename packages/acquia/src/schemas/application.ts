import { z } from 'zod';
import { halCollectionSchema, halLinksSchema, intLike } from './common.js';

/** An application (`GET /applications/{uuid}`, and the items of `GET /applications`). @public */
export const applicationSchema = z.looseObject({
  uuid: z.string().min(1),
  name: z.string(),
  id: intLike.optional(),
  hosting: z.looseObject({ type: z.string().optional(), id: z.string().optional() }).nullable().optional(),
  status: z.string().optional(),
  type: z.string().optional(),
  organization: z.looseObject({ uuid: z.string(), name: z.string().optional() }).nullable().optional(),
  _links: halLinksSchema.optional(),
});

/** `GET /applications`. @public */
export const applicationListSchema = halCollectionSchema(applicationSchema);

/** A validated application. @public */
export type AcquiaApplication = z.output<typeof applicationSchema>;
