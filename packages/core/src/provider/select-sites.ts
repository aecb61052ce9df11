import { ValidationError } from '../errors/error-classes.js';
import type { Site, SiteEnvironment } from '../model/site.js';
import type { PagedIterable } from '../paging/paginate.js';
import type { Logger } from '../util/logger.js';
import type { VendorId } from '../vendors/table.js';

/**
 * Whether a site's stage could not be told: `other` with no stage name. (A site of a named custom stage, such
 * as `qa2`, is `other` too, but its stage is known.) Vendor mappers leave `environmentName` unset when the
 * vendor's data says nothing about the stage.
 * @public
 */
export function isEnvironmentUnknown(site: Site): boolean {
  return site.environment === 'other' && (site.environmentName === undefined || site.environmentName === '');
}

/** What {@link selectByEnvironment} needs to say what it could not select. @public */
export interface EnvironmentSelectionContext {
  readonly vendor: VendorId;
  readonly logger?: Logger | undefined;
  /** How to tell this vendor the stage, for the message (`set the factory's stage: OMNIHOST_…`). */
  readonly hint?: string | undefined;
}

/**
 * Keeps the sites of one environment, lazily, page by page, and never selects nothing silently. A site whose
 * stage cannot be told ({@link isEnvironmentUnknown}) cannot be selected by environment, so:
 * - when the selection matched nothing and sites of unknown stage were passed over, the list ends with a
 *   `ValidationError` saying how many and how to tell their stage (a nightly backup of `prod` must not back up
 *   nothing and exit 0);
 * - when it matched some, each page with such sites logs a warning (`logger.warn`).
 * Selecting `other` keeps sites of unknown stage.
 * @public
 */
export function selectByEnvironment(
  sites: PagedIterable<Site>,
  environment: SiteEnvironment | undefined,
  context: EnvironmentSelectionContext,
): PagedIterable<Site> {
  if (environment === undefined) return sites;
  async function* pages(): AsyncGenerator<readonly Site[]> {
    let matched = 0;
    let unknown = 0;
    for await (const page of sites.pages()) {
      const kept = page.filter((site) => site.environment === environment);
      const passedOver = environment === 'other' ? 0 : page.filter(isEnvironmentUnknown).length;
      unknown += passedOver;
      matched += kept.length;
      if (passedOver > 0) {
        context.logger?.warn?.(`omnihost: ${passedOver} sites of unknown environment were not selected`, {
          vendor: context.vendor,
          operation: 'sites.list',
          environment,
          unknown: passedOver,
        });
      }
      if (kept.length > 0) yield kept;
    }
    if (matched === 0 && unknown > 0) {
      const hint = context.hint ? `; ${context.hint}` : '';
      throw new ValidationError(
        `${context.vendor} sites.list: no site is known to be ${environment}, and ${unknown} sites have an environment that cannot be told${hint}`,
        {
          vendor: context.vendor,
          operation: 'sites.list',
          fieldErrors: { environment: [`${unknown} sites have an unknown environment`] },
        },
      );
    }
  }
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}
