import { type PagedIterable, paginate } from './paginate.js';

/** Which page to fetch: its number (from `firstPage`), the offset of its first item, and its size. @public */
export interface PageRequest {
  readonly page: number;
  readonly offset: number;
  readonly limit: number;
}

/**
 * One page of a numbered (or offset) list, and what the vendor said about the rest. Every field but
 * `items` is optional: vendors say different things, and the last-page rule uses whatever is there.
 * @public
 */
export interface NumberedPage<T> {
  /** The page's items, after any mapping and filtering. */
  readonly items: readonly T[];
  /**
   * Rows the vendor returned, before filtering (default `items.length`). The short-page rule counts
   * these: a page filtered down to nothing is not a short page.
   */
  readonly rowCount?: number | undefined;
  /** Items in the whole list, when the vendor says (`count`, `pagination.total`, `X-Total-Count`). */
  readonly total?: number | undefined;
  /** Pages in the whole list, when the vendor says. */
  readonly pageCount?: number | undefined;
  /** The vendor's own answer to "is there a next page", when it gives one (a `next` link, `next: null`). */
  readonly hasNext?: boolean | undefined;
}

/** Options of {@link numberedPages}. @public */
export interface NumberedPagesOptions {
  /** Items per request (the `limit` each {@link PageRequest} carries). */
  readonly pageSize: number;
  /** Number of the first page. Default 1. */
  readonly firstPage?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The one last-page rule of omnihost, for lists paged by number or offset. In order:
 * 1. the vendor said whether there is a next page: that answer wins;
 * 2. a page with no rows, or fewer rows than asked for, is the last;
 * 3. reaching the total item count, or the total page count, when the vendor gives one, ends the list.
 * Otherwise there may be more: fetch the next page (an empty one then ends it).
 * @public
 */
export function isLastNumberedPage(page: NumberedPage<unknown>, request: PageRequest, firstPage = 1): boolean {
  if (page.hasNext !== undefined) return !page.hasNext;
  const rows = page.rowCount ?? page.items.length;
  if (rows === 0 || rows < request.limit) return true;
  if (page.total !== undefined && request.offset + rows >= page.total) return true;
  if (page.pageCount !== undefined && request.page - firstPage + 1 >= page.pageCount) return true;
  return false;
}

/**
 * A lazy list over numbered pages (`?page=2&per_page=100`) or offsets (`?offset=200&limit=100`): fetches
 * page after page until {@link isLastNumberedPage} says it was the last.
 * @public
 */
export function numberedPages<T>(
  fetchPage: (request: PageRequest, signal: AbortSignal | undefined) => Promise<NumberedPage<T>>,
  options: NumberedPagesOptions,
): PagedIterable<T> {
  const firstPage = options.firstPage ?? 1;
  const limit = Math.max(1, Math.floor(options.pageSize));
  return paginate<T, number>(
    async (cursor, signal) => {
      const pageNumber = cursor ?? firstPage;
      const request: PageRequest = { page: pageNumber, offset: (pageNumber - firstPage) * limit, limit };
      const page = await fetchPage(request, signal);
      return { items: page.items, next: isLastNumberedPage(page, request, firstPage) ? undefined : pageNumber + 1 };
    },
    { signal: options.signal },
  );
}
