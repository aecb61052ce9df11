import {
  type CallOptions,
  type ListSitesOptions,
  mapPaged,
  type PagedIterable,
  type Site,
  type SiteService,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { stackToSite } from '../mapping/to-site.js';

/**
 * Sites are stacks. `pageSize` is ignored: Cloud 66 pages hold 30 stacks and document no way to change
 * that. The `environment` filter is applied here rather than with the Go client's `filter_environment`:
 * that filter is undocumented and matches the vendor's names (`production`), while the vocabulary's
 * `prod` also covers custom names such as `live`.
 * @internal
 */
export function createSiteService(raw: Cloud66Client): SiteService {
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const wanted = options.environment;
      return mapPaged(raw.stacks.list({ signal: options.signal }), stackToSite, (site) =>
        wanted === undefined ? true : site.environment === wanted,
      );
    },
    async get(siteId: string, options: CallOptions = {}): Promise<Site> {
      return stackToSite(await raw.stacks.get(siteId, options));
    },
  };
}
