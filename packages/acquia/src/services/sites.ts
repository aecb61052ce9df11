import {
  type CallOptions,
  isNotFoundError,
  type ListSitesOptions,
  type Page,
  type PagedIterable,
  paginate,
  type Site,
  type SiteService,
} from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { environmentToSite } from '../mapping/to-site.js';
import { type AcquiaApplication, applicationListSchema } from '../schemas/application.js';
import { environmentListSchema, environmentSchema } from '../schemas/environment.js';
import { rawItem, withRaw } from '../schemas/with-raw.js';
import { isLastPage, pageSizeOf } from './offset-paging.js';

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

/**
 * Sites = environments. There is no account-wide environment list in the classic API, so `list()` walks
 * `GET /applications` → `GET /applications/{uuid}/environments`, lazily, with limit/offset on both:
 * one environments request per yielded page, plus one applications request per page of applications.
 * @internal
 */
export function createSiteService(caller: OperationCaller): SiteService {
  return {
    list(options: ListSitesOptions = {}): PagedIterable<Site> {
      const limit = pageSizeOf(options.pageSize);
      let cached: ApplicationsPage | undefined;

      async function applications(offset: number, signal: AbortSignal | undefined): Promise<ApplicationsPage> {
        if (cached?.offset === offset) return cached;
        const { data } = await caller.call(
          'getApplications',
          { query: { limit, offset } },
          { schema: applicationListSchema, label: 'sites.list', signal },
        );
        cached = { offset, items: data._embedded.items, last: isLastPage(data, offset, limit) };
        return cached;
      }

      function nextApplication(cursor: SiteCursor, page: ApplicationsPage): SiteCursor | undefined {
        if (cursor.appIndex + 1 < page.items.length) return { ...cursor, appIndex: cursor.appIndex + 1, envOffset: 0 };
        if (page.last) return undefined;
        return { appOffset: cursor.appOffset + page.items.length, appIndex: 0, envOffset: 0 };
      }

      async function fetchPage(start: SiteCursor | undefined, signal: AbortSignal | undefined) {
        let cursor: SiteCursor | undefined = start ?? { appOffset: 0, appIndex: 0, envOffset: 0 };
        // Applications without (matching) environments yield nothing; keep walking until a page has sites,
        // because core's pager treats an empty page as the end.
        while (cursor) {
          const page = await applications(cursor.appOffset, signal);
          const application = page.items[cursor.appIndex];
          if (!application) {
            cursor = page.last
              ? undefined
              : { appOffset: cursor.appOffset + page.items.length, appIndex: 0, envOffset: 0 };
            continue;
          }
          const environments = await environmentsOf(application.uuid, cursor.envOffset, signal);
          const next: SiteCursor | undefined = environments.last
            ? nextApplication(cursor, page)
            : { ...cursor, envOffset: cursor.envOffset + environments.items.length };
          const sites = environments.items.filter(
            (site) => options.environment === undefined || site.environment === options.environment,
          );
          if (sites.length > 0) return { items: sites, next } satisfies Page<Site, SiteCursor>;
          cursor = next;
        }
        return { items: [], next: undefined } satisfies Page<Site, SiteCursor>;
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
            last: isLastPage(data.value, offset, limit),
          };
        } catch (error) {
          // "No environments exist on non-hosted applications." comes back as a 404 (vendor notes §4.2):
          // such an application simply has no sites.
          if (isNotFoundError(error)) return { items: [], last: true };
          throw error;
        }
      }

      return paginate<Site, SiteCursor>(fetchPage, { signal: options.signal });
    },

    async get(siteId: string, options: CallOptions = {}): Promise<Site> {
      const { data } = await caller.call(
        'getEnvironment',
        { path: { environmentId: siteId } },
        { schema: withRaw(environmentSchema), label: 'sites.get', signal: options.signal },
      );
      return environmentToSite(data.value, data.raw);
    },
  };
}
