import type { Site } from '@omnihost/core';
import { type StageEvidence, type StageName, siteStage } from '../rules/environments.js';
import type { SiteDetail, SiteRow } from '../schemas/site.js';
import { fromUnixSeconds } from './unix-time.js';

/**
 * A Site Factory site in the vocabulary. A listed site is an installed one (the list leaves out
 * incomplete sites unless asked), so its status is `active`; Site Factory has no site status field, so
 * `rawStatus` is empty. `group` is the stack id: the unit a code update deploys to.
 *
 * The stage is `siteStage`'s (rules/environments.ts): the site's standard domain, else the factory's stage
 * (config `environment`, else its URL), else the factory's standard domain templates. When nothing tells,
 * the site is `other` with no `environmentName`: an unknown stage, never a guessed one.
 * @public
 */
export function toSite(row: SiteRow | SiteDetail, evidence: StageName | StageEvidence | undefined): Site {
  return toSiteOfStage(row, siteStage(domainsOf(row), evidence, row.site));
}

/**
 * {@link toSite} with the stage already told (`undefined`: it cannot be), so that a page of sites reads each
 * row's domains once (`sites.list` tells the stages first, to know whether it needs the factory's templates).
 * @internal
 */
export function toSiteOfStage(row: SiteRow | SiteDetail, stage: StageName | undefined): Site {
  const domains = domainsOf(row);
  const domain = domains[0];
  return {
    vendor: 'sitefactory',
    id: String(row.id),
    name: row.site,
    environment: stage?.environment ?? 'other',
    environmentName: stage?.name,
    status: 'active',
    url: domain ? `https://${domain}` : undefined,
    group: row.stack_id !== undefined ? String(row.stack_id) : undefined,
    createdAt: fromUnixSeconds(row.created),
    rawStatus: '',
    raw: row,
  };
}

/** A list row's one domain, or a detail's domains (the first is the URL). @internal */
export function domainsOf(row: SiteRow | SiteDetail): string[] {
  if ('domain' in row && typeof row.domain === 'string' && row.domain !== '') return [row.domain];
  return 'domains' in row && Array.isArray(row.domains) ? row.domains.filter((domain) => domain !== '') : [];
}
