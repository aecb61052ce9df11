import { z } from 'zod';
import { bool, idValue, num, opt, str } from '../client/coerce.js';

/** One row of `GET /api/v1/sites` (and of a group's site list). @public */
export const siteRowSchema = z.looseObject({
  id: idValue,
  site: str,
  stack_id: opt(num),
  /** The site's standard (or, with `show_custom_domain`, first custom) domain. */
  domain: opt(str),
  created: opt(num),
  owner: opt(str),
  db_name: opt(str),
  groups: opt(z.array(num)),
  /** A collection id, or `false` when the site is in none. */
  site_collection: opt(z.union([num, bool])),
  is_primary: opt(bool),
});

/** A site row after validation. @public */
export type SiteRow = z.output<typeof siteRowSchema>;

/** `GET /api/v1/sites/{id}`. @public */
export const siteDetailSchema = z.looseObject({
  id: idValue,
  site: str,
  stack_id: opt(num),
  domains: opt(z.array(str)),
  created: opt(num),
  owner: opt(str),
  db_name: opt(str),
  groups: opt(z.array(num)),
  collection_id: opt(num),
  is_primary: opt(bool),
});

/** A site detail after validation. @public */
export type SiteDetail = z.output<typeof siteDetailSchema>;
