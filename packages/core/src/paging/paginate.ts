import { throwIfAborted } from '../errors/abort.js';
import { ResponseValidationError, UnsupportedOperationError, ValidationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';

/** One page: its items and the cursor of the next page (`undefined` when this was the last). @public */
export interface Page<T, C> {
  readonly items: readonly T[];
  readonly next: C | undefined;
}

/**
 * A lazy list: iterate it with `for await` and pages are fetched only as you reach them; `break` stops
 * fetching. `pages()` iterates whole pages instead of items.
 * @public
 */
export interface PagedIterable<T> extends AsyncIterable<T> {
  pages(): AsyncIterable<readonly T[]>;
}

/** Options of {@link paginate}. @public */
export interface PaginateOptions {
  signal?: AbortSignal | undefined;
}

/**
 * Most empty pages in a row a list goes past before it gives up. A vendor can legitimately answer empty
 * pages that still have a next one (a filter applied page by page, Cloud 66's environment filter over a
 * long stack list), but not without end.
 * @public
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 1000;

/**
 * Builds a {@link PagedIterable} from a page fetcher. `fetchPage(undefined)` fetches the first page; each
 * page says which cursor comes next. Nothing is fetched until iteration starts, one page is held at a
 * time, and a consumer that stops early costs no further requests.
 *
 * The list ends when a page names no next cursor. An empty page that names one is gone past (a page
 * whose items were all filtered out does not end the list), up to {@link MAX_EMPTY_PAGES_IN_A_ROW} in a
 * row, after which the vendor is answering something we cannot page through: a
 * `ResponseValidationError`, not a silently short list. A cursor that repeats (a vendor that keeps
 * returning the same `next`) ends the iteration instead of looping forever.
 * @public
 */
export function paginate<T, C>(
  fetchPage: (cursor: C | undefined, signal: AbortSignal | undefined) => Promise<Page<T, C>>,
  options: PaginateOptions = {},
): PagedIterable<T> {
  async function* pages(): AsyncGenerator<readonly T[]> {
    let cursor: C | undefined;
    const seen = new Set<string>();
    let emptyInARow = 0;
    for (;;) {
      throwIfAborted(options.signal);
      const page = await fetchPage(cursor, options.signal);
      if (page.items.length > 0) {
        emptyInARow = 0;
        yield page.items;
      } else if (++emptyInARow > MAX_EMPTY_PAGES_IN_A_ROW) {
        throw new ResponseValidationError(
          `The list answered ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row, each naming a next one; giving up`,
          { reason: 'unexpected' },
        );
      }
      if (page.next === undefined) return;
      const marker = JSON.stringify(page.next);
      if (seen.has(marker)) return;
      seen.add(marker);
      cursor = page.next;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const items of pages()) yield* items;
    },
  };
}

/**
 * Maps (and optionally filters) a lazy list page by page, staying lazy: for turning a raw client's list
 * into vocabulary records. A page whose items are all filtered out does not end the list.
 * @public
 */
export function mapPaged<T, U>(
  source: PagedIterable<T>,
  map: (item: T) => U,
  keep: (item: U) => boolean = () => true,
): PagedIterable<U> {
  async function* pages(): AsyncGenerator<readonly U[]> {
    for await (const page of source.pages()) {
      const items = page.map(map).filter(keep);
      if (items.length > 0) yield items;
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const items of pages()) yield* items;
    },
  };
}

/**
 * Defers building a list until it is iterated. Whatever `build` throws (an id that fails validation, a
 * missing capability) then surfaces as a rejection of the first `next()`, like a failed page fetch, so
 * `list()` itself never throws where it is called and one `try` around the `for await` catches all.
 * @public
 */
export function deferList<T>(build: () => PagedIterable<T>): PagedIterable<T> {
  let built: PagedIterable<T> | undefined;
  const list = () => {
    built ??= build();
    return built;
  };
  return {
    async *pages() {
      yield* list().pages();
    },
    async *[Symbol.asyncIterator]() {
      yield* list();
    },
  };
}

/**
 * A list the vendor does not have: iterating it rejects with {@link UnsupportedOperationError}, as every
 * other unsupported call does (check `capabilities` first to avoid it).
 * @public
 */
export function unsupportedList<T>(vendor: VendorId, operation: string, reason?: string): PagedIterable<T> {
  return deferList<T>(() => {
    throw new UnsupportedOperationError(vendor, operation, reason);
  });
}

/** Options of {@link collect}. @public */
export interface CollectOptions {
  /** Required: the most items to collect (at most {@link MAX_COLLECT_LIMIT}). */
  limit: number;
}

/** The largest `limit` {@link collect} accepts, as stripe's `autoPagingToArray` does. @public */
export const MAX_COLLECT_LIMIT = 10_000;

/**
 * Collects up to `limit` items into an array and stops fetching there. The limit is required: an
 * unbounded "give me everything" over a lazy list is how a script ends up holding a million sites.
 * @public
 */
export async function collect<T>(iterable: AsyncIterable<T>, options: CollectOptions): Promise<T[]> {
  const limit = options?.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COLLECT_LIMIT) {
    throw new ValidationError(`collect() needs an explicit limit between 1 and ${MAX_COLLECT_LIMIT}`, {
      fieldErrors: { limit: [`must be an integer from 1 to ${MAX_COLLECT_LIMIT}`] },
    });
  }
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}
