import { lenientInteger } from '@omnihost/core';
import { z } from 'zod';

/** An integer that may arrive as a JSON number or a numeric string. @public */
export const intLike = lenientInteger;

/** A HAL link: `{ href, templated? }`. Hrefs are absolute URLs naming cloud.acquia.com (never followed). @public */
export const halLinkSchema = z.looseObject({ href: z.string(), templated: z.boolean().optional() });

/** A HAL `_links` object. Only the links the adapter reads are checked; the rest pass through. @public */
export const halLinksSchema = z.looseObject({
  self: halLinkSchema.optional(),
  notification: halLinkSchema.optional(),
  parent: halLinkSchema.optional(),
  download: halLinkSchema.optional(),
});

/** The optional `pagination` block of a collection (only some lists send it, vendor notes §3). @public */
export const paginationSchema = z.looseObject({
  total: intLike.optional(),
  limit: intLike.optional(),
  offset: intLike.optional(),
});

/**
 * A HAL collection: `{ total, pagination?, _links, _embedded: { items } }`. `total` is the size of this
 * page; `pagination.total` (when present) the size of the whole collection.
 * @public
 */
export function halCollectionSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    total: intLike.optional(),
    pagination: paginationSchema.optional(),
    _links: halLinksSchema.optional(),
    _embedded: z.looseObject({ items: z.array(item) }),
  });
}

/** A timestamp string, or null (Acquia sends `completed_at: null` on some in-progress resources). @public */
export const timestampSchema = z.string().nullable().optional();
