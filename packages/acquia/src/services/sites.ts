import {
  type CallOptions,
  isLastNumberedPage,
  isNotFoundError,
  type ListSitesOptions,
  type Logger,
  type Page,
  type PagedIterable,
  paginate,
  type Site,
  type SiteService,
  selectByEnvironment,
} from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { ACQUIA_MAX_PAGE_SIZE } from '../constants.js';
import { type HalCollectionPage, toNumberedPage } from '../mapping/to-page.js';
import { environmentToSite } from '../mapping/to-site.js';
import { type AcquiaApplication, applicationListSchema } from '../schemas/application.js';
import { environmentListSchema, environmentSchema } from '../schemas/environment.js';
import { rawItem, withRaw } from '../schemas/with-raw.js';
import { environmentIdOf } from './ids.js';

/** Where the walk over applications → environments stands. JSON-safe, as core's pager compares cursors. */
interface SiteCursor {
  /** Offset of the current applications page. */
  appOffset: number;
  /** Index of the current application within that page. */
  appIndex: number;
  /** Offset within the current application's environments. */
  envOffset: number;
}

interface ApplicationsPage {
  offset: number;
  items: readonly AcquiaApplication[];
  last: boolean;
}

/** A page size within 1..{@link ACQUIA_MAX_PAGE_SIZE} (default: the maximum). */
function pageSizeOf(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return ACQUIA_MAX_PAGE_SIZE;
  return Math.min(ACQUIA_MAX_PAGE_SIZE, Math.max(1, Math.floor(requested)));
}

/**
 * Sites = environments. There is no account-wide environment list in the classic API, so `list()` walks
 * `GET /applications` → `GET /applications/{uuid}/environments`, lazily, with limit/offset on both:
 * one environments request per page, plus one applications request per page of applications. Whether a
 * page was the last is core's rule (`isLastNumberedPage`: a short page, or `pagination.total` reached).
 * @internal
 */
export function createSiteService(
  caller: OperationCaller,
  context: { readonly logger?: Logger | undefined } = {},
): SiteService {
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const limit = pageSizeOf(options.pageSize);
      let cached: ApplicationsPage | undefined;

      const isLast = (collection: HalCollectionPage, offset: number) =>
        isLastNumberedPage(toNumberedPage(collection, collection._embedded.items), {
          page: Math.floor(offset / limit) + 1,
          offset,
          limit,
        });

      async function applications(offset: number, signal: AbortSignal | undefined): Promise<ApplicationsPage> {
        if (cached?.offset === offset) return cached;
        const { data } = await caller.call(
          'getApplications',
          { query: { limit, offset } },
          { schema: applicationListSchema, label: 'sites.list', signal },
        );
        cached = { offset, items: data._embedded.items, last: isLast(data, offset) };
        return cached;
      }

      function nextApplication(cursor: SiteCursor, page: ApplicationsPage): SiteCursor | undefined {
        if (cursor.appIndex + 1 < page.items.length) return { ...cursor, appIndex: cursor.appIndex + 1, envOffset: 0 };
        if (page.last) return undefined;
        return { appOffset: cursor.appOffset + page.items.length, appIndex: 0, envOffset: 0 };
      }

      async function environmentsOf(applicationUuid: string, offset: number, signal: AbortSignal | undefined) {
        try {
          const { data } = await caller.call(
            'getApplicationEnvironments',
            { path: { applicationUuid }, query: { limit, offset } },
            { schema: withRaw(environmentListSchema), label: 'sites.list', signal },
          );
          return {
            items: data.value._embedded.items.map((environment, index) =>
              environmentToSite(environment, rawItem(data.raw, index)),
            ),
            last: isLast(data.value, offset),
          };
        } catch (error) {
          // "No environments exist on non-hosted applications." comes back as a 404 (vendor notes §4.2):
          // such an application simply has no sites.
          if (isNotFoundError(error)) return { items: [], last: true };
          throw error;
        }
      }

      /**
       * One step of the walk: one page of one application's environments. An application without
       * environments gives an empty page that names the next step; core's pager goes past it.
       */
      async function fetchPage(
        start: SiteCursor | undefined,
        signal: AbortSignal | undefined,
      ): Promise<Page<Site, SiteCursor>> {
        const cursor: SiteCursor = start ?? { appOffset: 0, appIndex: 0, envOffset: 0 };
        const page = await applications(cursor.appOffset, signal);
        const application = page.items[cursor.appIndex];
        if (!application) {
          const next = page.last
            ? undefined
            : { appOffset: cursor.appOffset + page.items.length, appIndex: 0, envOffset: 0 };
          return { items: [], next };
        }
        const environments = await environmentsOf(application.uuid, cursor.envOffset, signal);
        const next: SiteCursor | undefined = environments.last
          ? nextApplication(cursor, page)
          : { ...cursor, envOffset: cursor.envOffset + environments.items.length };
        return { items: environments.items, next };
      }

      const walk = paginate<Site, SiteCursor>(fetchPage, { signal: options.signal });
      // The stage filter is client-side and core's one rule (`selectByEnvironment`): pages it empties do not
      // end the list. Every environment has a machine name, so Acquia never has a stage it cannot tell.
      return selectByEnvironment(walk, options.environment, { vendor: 'acquia', logger: context.logger });
    },

    async get(siteId: string, options: CallOptions = {}): Promise<Site> {
      const environmentId = environmentIdOf(siteId, 'sites.get');
      const { data } = await caller.call(
        'getEnvironment',
        { path: { environmentId } },
        { schema: withRaw(environmentSchema), label: 'sites.get', signal: options.signal },
      );
      return environmentToSite(data.value, data.raw);
    },
  };
}
