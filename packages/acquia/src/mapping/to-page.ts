import type { NumberedPage } from '@omnihost/core';

/** What a HAL collection says about the rest of the list. @internal */
export interface HalCollectionPage {
  readonly _embedded: { readonly items: readonly unknown[] };
  readonly pagination?: { readonly total?: number | undefined } | null | undefined;
}

/**
 * One page of a HAL collection as core's `NumberedPage`, for the one last-page rule (core's
 * `isLastNumberedPage`). Acquia sends no `next` link and only sometimes a `pagination` block (24 of 78
 * collection examples, vendor notes §3), so the rule has the rows the page held (before any filtering) and,
 * when present, `pagination.total`: a short page ends the list, and so does reaching the total.
 * @internal
 */
export function toNumberedPage<T>(collection: HalCollectionPage, items: readonly T[]): NumberedPage<T> {
  return { items, rowCount: collection._embedded.items.length, total: collection.pagination?.total };
}
