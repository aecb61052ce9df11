import {
  type CallOptions,
  type ListSitesOptions,
  numberedPages,
  type SiteService,
  selectByEnvironment,
} from '@omnihost/core';
import { listEnvelope } from '../client/list-envelope.js';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { type SiteDetail, siteDetailSchema, siteRowSchema } from '../schemas/site.js';
import type { ServiceContext } from './context.js';
import { numericId } from './ids.js';
import { createSiteStages } from './site-stages.js';

/** A page of `GET /api/v1/sites`. @internal */
export const siteListSchema = listEnvelope(siteRowSchema, ['sites']);

/** The largest page `GET /api/v1/sites` serves (1000 in the spec; older docs said 100). @internal */
export const MAX_SITES_PAGE = SITE_FACTORY_OPERATIONS.get_Sites_getSites.maxLimit ?? 100;

/**
 * How to tell a factory its stage when its sites' domains do not: config `environment`, which the
 * `OMNIHOST_FACTORY_ENVIRONMENT` variable and the CLI's `--factory-environment` flag set.
 * @internal
 */
export const FACTORY_STAGE_HINT =
  "set the factory's stage: config environment, OMNIHOST_FACTORY_ENVIRONMENT or --factory-environment (prod, staging, dev)";

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
 * is core's `selectByEnvironment` over the pages: a page without a match is gone past, not the end of the
 * list, and a selection that matched nothing because stages could not be told says so (a
 * `ValidationError` naming {@link FACTORY_STAGE_HINT}) instead of selecting nothing.
 * @internal
 */
export function createSiteService(context: ServiceContext): SiteService {
  const stages = createSiteStages(context);
  return {
    list(options: ListSitesOptions = {}) {
      const limit = Math.min(MAX_SITES_PAGE, Math.max(1, Math.floor(options.pageSize ?? MAX_SITES_PAGE)));
      const all = numberedPages(
        async ({ page }, signal) => {
          const data = await requestOperation(
            context.client,
            'get_Sites_getSites',
            { query: { page, limit }, signal },
            siteListSchema,
            'sites.list',
          );
          return { items: await stages.toSites(data.items, signal), total: data.count };
        },
        { pageSize: limit, signal: options.signal },
      );
      return selectByEnvironment(all, options.environment, {
        vendor: 'sitefactory',
        logger: context.logger,
        hint: FACTORY_STAGE_HINT,
      });
    },
    async get(siteId: string, options: CallOptions = {}) {
      const detail = await fetchSiteDetail(context, siteId, options.signal, 'sites.get');
      const [site] = await stages.toSites([detail], options.signal);
      return site as NonNullable<typeof site>;
    },
  };
}
