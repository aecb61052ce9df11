import type { Pagination } from '../schemas/common.js';

/**
 * Cloud 66's answer to "is there a page after this one", for core's last-page rule
 * (`isLastNumberedPage`, which lets the vendor's answer win):
 * - a page with a `pagination` block has a next page when `next` is set and moves forward, past the
 *   block's `current` and past the page asked for. The Go client loops while `current < next`; a `next`
 *   that does not move forward ends the list instead of looping (a server that ignores `page` and answers
 *   page 1 again ends there);
 * - a page without the block (a bare array, or an envelope without `pagination`) is one, last page.
 *
 * The docs' Pagination model names the back link `prev`, real payloads `previous`: paging reads `next`
 * only (vendor notes §2).
 * @public
 */
export function cloud66HasNextPage(pagination: Pagination | null | undefined, requested: number): boolean {
  const next = pagination?.next;
  if (next === null || next === undefined) return false;
  const current = pagination?.current ?? requested;
  return next > current && next > requested;
}

/**
 * The page to fetch after this one, or `undefined` at the end: the vendor's `next` when it moves forward
 * past `current` (the Go client loops while `current < next`).
 * @deprecated Lists now page with core's `numberedPages`, asking for page after page while
 * {@link cloud66HasNextPage} says there is one.
 * @public
 */
export function nextPage(pagination: Pagination | null | undefined, requested: number): number | undefined {
  const next = pagination?.next;
  if (next === null || next === undefined) return undefined;
  const current = pagination?.current ?? requested;
  return next > current ? next : undefined;
}
