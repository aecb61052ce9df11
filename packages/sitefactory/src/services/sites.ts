import { type CallOptions, type ListSitesOptions, numberedPages, type SiteService } from '@omnihost/core';
import { listEnvelope } from '../client/list-envelope.js';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { toSite } from '../mapping/to-site.js';
import { type SiteDetail, siteDetailSchema, siteRowSchema } from '../schemas/site.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';

const siteListSchema = listEnvelope(siteRowSchema, ['sites']);

/** The largest page `GET /api/v1/sites` serves (1000 in the spec; older docs said 100). */
const MAX_PAGE = SITE_FACTORY_OPERATIONS.get_Sites_getSites.maxLimit ?? 100;

/** Fetches one site's detail (`GET /api/v1/sites/{id}`). @internal */
export async function fetchSiteDetail(
  context: ServiceContext,
  siteId: string,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<SiteDetail> {
  const id = numericId(siteId, 'siteId', operation);
  return requestOperation(
    context.client,
    'get_Sites_getSite',
    { path: { site_id: id }, signal },
    siteDetailSchema,
    operation,
  );
}

/**
 * Sites: `GET /api/v1/sites` paged with `page`/`limit`, lazily. The default page is the endpoint's
 * maximum: fewer, larger pages are kinder to a factory than the default 10 (acquia/acsf-tools #61 is
 * what fetching one page of 100 leads to). Site Factory cannot filter by stage, so an `environment` filter
 * is applied to each page; a page without a match is gone past, not the end of the list (core's last-page
 * rule counts the rows the factory sent, not the ones kept).
 * @internal
 */
export function createSiteService(context: ServiceContext): SiteService {
  return {
    list(options: ListSitesOptions = {}) {
      const limit = Math.min(MAX_PAGE, Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE)));
      return numberedPages(
        async ({ page }, signal) => {
          const data = await requestOperation(
            context.client,
            'get_Sites_getSites',
            { query: { page, limit }, signal },
            siteListSchema,
            'sites.list',
          );
          const sites = data.items.map((row) => toSite(row, context.factory));
          return {
            items: options.environment ? sites.filter((site) => site.environment === options.environment) : sites,
            rowCount: data.items.length,
            total: data.count,
          };
        },
        { pageSize: limit, signal: options.signal },
      );
    },
    async get(siteId: string, options: CallOptions = {}) {
      return toSite(await fetchSiteDetail(context, siteId, options.signal, 'sites.get'), context.factory);
    },
  };
}
