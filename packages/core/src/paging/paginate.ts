import { UnsupportedOperationError, ValidationError } from '../errors/error-classes.js';
import { throwIfAborted } from '../util/abort.js';
import type { VendorId } from '../vendor.js';

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
 * Builds a {@link PagedIterable} from a page fetcher. `fetchPage(undefined)` fetches the first page; each
 * page says which cursor comes next. Nothing is fetched until iteration starts, one page is held at a
 * time, and a consumer that stops early costs no further requests. A cursor that repeats (a vendor that
 * keeps returning the same `next`) ends the iteration instead of looping forever.
 * @public
 */
export function paginate<T, C>(
  fetchPage: (cursor: C | undefined, signal: AbortSignal | undefined) => Promise<Page<T, C>>,
  options: PaginateOptions = {},
): PagedIterable<T> {
  async function* pages(): AsyncGenerator<readonly T[]> {
    let cursor: C | undefined;
    const seen = new Set<string>();
    for (;;) {
      throwIfAborted(options.signal);
      const page = await fetchPage(cursor, options.signal);
      if (page.items.length > 0) yield page.items;
      if (page.next === undefined || page.items.length === 0) return;
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
