import { z } from 'zod';
import { halCollectionSchema, halLinksSchema, intLike } from './common.js';

/**
 * An environment (`GET /environments/{id}`, and the items of `GET /applications/{uuid}/environments`):
 * the omnihost Site. Only what the mapper reads is checked; the payload varies in the wild (the SDK
 * fixture adds `insight` and `flags.migration`; `size` may be null), so everything else passes through.
 * @public
 */
export const environmentSchema = z.looseObject({
  /** Compound id `<internal numeric id>-<application uuid>`. */
  id: z.string().min(1),
  name: z.string(),
  label: z.string().optional(),
  status: z.string().optional(),
  application: z.looseObject({ uuid: z.string(), name: z.string().optional() }).optional(),
  active_domain: z.string().nullable().optional(),
  default_domain: z.string().nullable().optional(),
  domains: z.array(z.string()).nullable().optional(),
  vcs: z
    .looseObject({ type: z.string().optional(), path: z.string().nullable().optional(), url: z.string().optional() })
    .nullable()
    .optional(),
  flags: z.record(z.string(), z.unknown()).nullable().optional(),
  weight: intLike.nullable().optional(),
  _links: halLinksSchema.optional(),
});

/** `GET /applications/{uuid}/environments`. @public */
export const environmentListSchema = halCollectionSchema(environmentSchema);

/** A validated environment. @public */
export type AcquiaEnvironment = z.output<typeof environmentSchema>;
