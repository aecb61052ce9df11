import { z } from 'zod';
import { halCollectionSchema } from './common.js';

/** A branch or tag of an application's repository (`GET /applications/{uuid}/code`; tags are `tags/<name>`). @public */
export const codeReferenceSchema = z.looseObject({
  name: z.string().min(1),
  flags: z.looseObject({ tag: z.boolean().optional() }).nullable().optional(),
});

/** `GET /applications/{uuid}/code`. @public */
export const codeReferenceListSchema = halCollectionSchema(codeReferenceSchema);
