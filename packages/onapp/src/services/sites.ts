import {
  type CallOptions,
  type ListSitesOptions,
  numberedPages,
  type PagedIterable,
  type Site,
  type SiteService,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { ONAPP_MAX_PAGE_SIZE } from '../constants.js';
import { toSite } from '../mapping/to-site.js';
import type { ServiceContext } from './context.js';

/**
 * Sites = virtual servers. Listing pages with `?page=&per_page=` (what the Go SDK sends for lists; the
 * panel documents paging only for transactions, vendors/onapp.md §1.7) and ends by core's last-page rule
 * (`isLastNumberedPage`): a short page, or `X-Total` reached when the panel sends it. One rule is
 * OnApp's own: a page *longer* than asked means the panel ignored paging and sent everything, so there is
 * no page 2 (asking for it would list every server again); that page says `hasNext: false`.
 *
 * The environment filter runs on each page (OnApp has no stages to filter by server-side); a page with
 * no match does not end the list (core's `paginate` goes past it).
 * @internal
 */
export function createSiteService(context: ServiceContext): SiteService {
  const { client } = context;
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const perPage = Math.min(Math.max(1, options.pageSize ?? context.pageSize), ONAPP_MAX_PAGE_SIZE);
      return numberedPages(
        async (request, signal) => {
          const result = await client.virtualServers.listPage(
            { page: request.page, perPage: request.limit },
            { signal },
          );
          const sites = result.items.map((server) => {
            context.serverFacts.remember(server);
            return toSite(server, rawOf(server), context.siteEnvironments);
          });
          return {
            items: options.environment ? sites.filter((site) => site.environment === options.environment) : sites,
            rowCount: result.items.length,
            total: result.total,
            hasNext: result.items.length > request.limit ? false : undefined,
          };
        },
        { pageSize: perPage, signal: options.signal },
      );
    },
    async get(siteId: string, options?: CallOptions): Promise<Site> {
      const server = await client.virtualServers.get(siteId, options);
      context.serverFacts.remember(server);
      return toSite(server, rawOf(server), context.siteEnvironments);
    },
  };
}
