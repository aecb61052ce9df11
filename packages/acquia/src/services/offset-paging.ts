import { ACQUIA_MAX_PAGE_SIZE } from '../constants.js';

/** What a collection page says about the rest. @internal */
export interface CollectionPage {
  readonly _embedded: { readonly items: readonly unknown[] };
  readonly pagination?: { readonly total?: number | undefined } | undefined;
}

/**
 * Whether an offset page was the last one. Acquia sends no `next` link and only sometimes a `pagination`
 * block (24 of 78 collection examples), so: a short page ends the list, and so does reaching
 * `pagination.total` when it is there (vendor notes §3).
 * @internal
 */
export function isLastPage(page: CollectionPage, offset: number, limit: number): boolean {
  const count = page._embedded.items.length;
  if (count < limit) return true;
  const total = page.pagination?.total;
  return typeof total === 'number' && offset + count >= total;
}

/** A page size within 1..{@link ACQUIA_MAX_PAGE_SIZE} (default: the maximum). @internal */
export function pageSizeOf(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return ACQUIA_MAX_PAGE_SIZE;
  return Math.min(ACQUIA_MAX_PAGE_SIZE, Math.max(1, Math.floor(requested)));
}
