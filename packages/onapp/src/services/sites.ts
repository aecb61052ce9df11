import {
  type CallOptions,
  type ListSitesOptions,
  numberedPages,
  type PagedIterable,
  type Site,
  type SiteService,
  selectByEnvironment,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { serverRef } from '../client/resource-path.js';
import { ONAPP_MAX_PAGE_SIZE } from '../constants.js';
import { toSite } from '../mapping/to-site.js';
import type { ServiceContext } from './context.js';

/** How to tell OnApp a server's stage, where its label and hostname do not. @internal */
export const SERVER_STAGE_HINT =
  'name the stage in the server label or hostname (shop-prod-01), or map the server in config siteEnvironments';

/**
 * Sites = virtual servers. Listing pages with `?page=&per_page=` (what the Go SDK sends for lists; the
 * panel documents paging only for transactions, vendors/onapp.md §1.7) and ends by core's last-page rule
 * (`isLastNumberedPage`): a short page, or `X-Total` reached when the panel sends it. One rule is
 * OnApp's own: a page *longer* than asked means the panel ignored paging and sent everything, so there is
 * no page 2 (asking for it would list every server again); that page says `hasNext: false`.
 *
 * The environment filter is core's `selectByEnvironment` over the pages (OnApp has no stages to filter by
 * server-side): a page with no match does not end the list, and servers whose label, hostname and config
 * say no stage (`worker-07`) are never selected silently: a selection that matched nothing because of them
 * is a `ValidationError` naming {@link SERVER_STAGE_HINT}, one that matched some logs a warning.
 * @internal
 */
export function createSiteService(context: ServiceContext): SiteService {
  const { client } = context;
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const perPage = Math.min(Math.max(1, options.pageSize ?? context.pageSize), ONAPP_MAX_PAGE_SIZE);
      const all = numberedPages(
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
            items: sites,
            total: result.total,
            hasNext: result.items.length > request.limit ? false : undefined,
          };
        },
        { pageSize: perPage, signal: options.signal },
      );
      return selectByEnvironment(all, options.environment, {
        vendor: 'onapp',
        logger: context.logger,
        hint: SERVER_STAGE_HINT,
      });
    },
    async get(siteId: string, options?: CallOptions): Promise<Site> {
      serverRef(siteId, 'sites.get');
      const server = await client.virtualServers.get(siteId, options);
      context.serverFacts.remember(server);
      return toSite(server, rawOf(server), context.siteEnvironments);
    },
  };
}
