import type { PageWindow } from './list-query.js';

/** A HAL link. */
export interface HalLink {
  href: string;
  templated?: true;
}

/** Builds absolute hrefs the way Acquia does: under `https://cloud.acquia.com/api` by default. */
export class Hrefs {
  constructor(private readonly base: string) {}

  /** `/environments/1-abc` → `https://cloud.acquia.com/api/environments/1-abc`. */
  to(path: string): string {
    return `${this.base}${path}`;
  }

  link(path: string): HalLink {
    return { href: this.to(path) };
  }
}

/** Options of {@link halCollection}. */
export interface CollectionOptions {
  hrefs: Hrefs;
  /** Path of the collection (`/applications`). */
  path: string;
  /** Path of the parent resource. */
  parent: string;
  window: PageWindow;
  /** Total items after filtering; sent as `pagination.total` when `withPagination`. */
  total: number;
  /**
   * Whether to send the optional `pagination` block. Acquia sends it on some lists only (24 of 78
   * collection examples; none in the SDK's backup fixture), so the simulator mirrors that per list.
   */
  withPagination: boolean;
}

/**
 * A HAL collection envelope: `total` is the number of items in this page (spec: "the number of items
 * returned in the collection"), `pagination.total` the whole collection; no `next` link (Acquia sends none).
 */
export function halCollection<T>(items: readonly T[], options: CollectionOptions) {
  const { hrefs, path, window } = options;
  const selfQuery = [
    window.limit !== undefined ? `limit=${window.limit}` : '',
    window.offset ? `offset=${window.offset}` : '',
  ]
    .filter(Boolean)
    .join('&');
  return {
    total: items.length,
    ...(options.withPagination
      ? { pagination: { total: options.total, limit: window.limit ?? items.length, offset: window.offset } }
      : {}),
    _links: {
      self: { href: hrefs.to(path) + (selfQuery ? `?${selfQuery}` : '') },
      sort: { href: `${hrefs.to(path)}{?sort}`, templated: true },
      filter: { href: `${hrefs.to(path)}{?filter}`, templated: true },
      limit: { href: `${hrefs.to(path)}{?limit}`, templated: true },
      offset: { href: `${hrefs.to(path)}{?offset}`, templated: true },
      parent: hrefs.link(options.parent),
    },
    _embedded: { items },
  };
}

/** The 202 body of an asynchronous action (schema `message-with-links`). */
export function acceptedBody(
  hrefs: Hrefs,
  message: string,
  selfPath: string,
  notificationUuid: string,
  parentPath: string,
) {
  return {
    message,
    _links: {
      self: hrefs.link(selfPath),
      notification: hrefs.link(`/notifications/${notificationUuid}`),
      parent: hrefs.link(parentPath),
    },
  };
}

/** Acquia's timestamp format: ISO 8601 with a `+00:00` offset and no milliseconds. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
