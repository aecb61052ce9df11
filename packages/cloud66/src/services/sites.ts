import {
  type CallOptions,
  type ListSitesOptions,
  type Logger,
  mapPaged,
  type PagedIterable,
  type Site,
  type SiteService,
  selectByEnvironment,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { stackToSite } from '../mapping/to-site.js';
import { checkedId } from './ids.js';

/** How to tell a stack's stage when Cloud 66 reports none. @internal */
export const STACK_STAGE_HINT = "set the stack's environment in Cloud 66 (production, staging, development)";

/**
 * Sites are stacks. `pageSize` is ignored: Cloud 66 pages hold 30 stacks and document no way to change
 * that. The `environment` filter is applied here rather than with the Go client's `filter_environment`:
 * that filter is undocumented and matches the vendor's names (`production`), while the vocabulary's
 * `prod` also covers custom names such as `live`. It is core's `selectByEnvironment`, the one rule: a stack
 * that reports no environment is never passed over silently.
 * @internal
 */
export function createSiteService(
  raw: Cloud66Client,
  context: { readonly logger?: Logger | undefined } = {},
): SiteService {
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const all = mapPaged(raw.stacks.list({ signal: options.signal }), stackToSite);
      return selectByEnvironment(all, options.environment, {
        vendor: 'cloud66',
        logger: context.logger,
        hint: STACK_STAGE_HINT,
      });
    },
    async get(siteId: string, options: CallOptions = {}): Promise<Site> {
      return stackToSite(await raw.stacks.get(checkedId(siteId, 'site', 'sites.get'), options));
    },
  };
}
