import type { PagedIterable } from '@omnihost/core';

/**
 * Maps (and optionally filters) a lazy list page by page, staying lazy. Filtering happens here and not
 * inside a page fetcher because core's `paginate` ends a list at the first empty page: a page whose
 * items were all filtered out must not stop the iteration.
 * @internal
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
