import {
  type CallOptions,
  type ListSitesOptions,
  type Page,
  type PagedIterable,
  paginate,
  type Site,
  type SiteService,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { toSite } from '../mapping/to-site.js';
import type { VocabularyContext } from './context.js';

/** Most servers asked for per page. OnApp documents no maximum for this list; 1,000 keeps pages bounded. */
const MAX_PAGE_SIZE = 1000;

/**
 * Sites = virtual servers. Listing pages with `?page=&per_page=` (what the Go SDK sends for lists; the
 * panel documents paging only for transactions, vendors/onapp.md §1.7), and stops at:
 * - a short page (fewer rows than asked): the last one;
 * - a page *longer* than asked: the panel ignored paging and sent everything, so there is no page 2
 *   (asking for it would list every server again);
 * - `X-Total` reached, when the panel sends it.
 *
 * The environment filter runs on each page (OnApp has no stages to filter by server-side); pages with no
 * match are skipped rather than ending the list.
 * @internal
 */
export function createSiteService(context: VocabularyContext): SiteService {
  const { client } = context;
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const perPage = Math.min(Math.max(1, options.pageSize ?? context.pageSize), MAX_PAGE_SIZE);
      const fetchPage = async (cursor: number | undefined, signal: AbortSignal | undefined) => {
        let page = cursor ?? 1;
        for (;;) {
          const result = await client.virtualServers.listPage({ page, perPage }, { signal });
          const sites = result.items.map((server) => {
            context.serverFacts.remember(server);
            return toSite(server, rawOf(server), context.siteEnvironments);
          });
          const last =
            result.items.length !== perPage || (result.total !== undefined && page * perPage >= result.total);
          const items = options.environment ? sites.filter((site) => site.environment === options.environment) : sites;
          const next = last ? undefined : page + 1;
          if (items.length > 0 || next === undefined) return { items, next } satisfies Page<Site, number>;
          page = next;
        }
      };
      return paginate(fetchPage, { signal: options.signal });
    },
    async get(siteId: string, options?: CallOptions): Promise<Site> {
      const server = await client.virtualServers.get(siteId, options);
      context.serverFacts.remember(server);
      return toSite(server, rawOf(server), context.siteEnvironments);
    },
  };
}
