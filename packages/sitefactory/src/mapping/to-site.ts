import type { Site } from '@omnihost/core';
import { type StageName, siteStage } from '../rules/environments.js';
import type { SiteDetail, SiteRow } from '../schemas/site.js';
import { fromUnixSeconds } from './unix-time.js';

/**
 * A Site Factory site in the vocabulary. A listed site is an installed one (the list leaves out
 * incomplete sites unless asked), so its status is `active`; Site Factory has no site status field, so
 * `rawStatus` is empty. `group` is the stack id: the unit a code update deploys to.
 * @public
 */
export function toSite(row: SiteRow | SiteDetail, factory: StageName | undefined): Site {
  const domain = 'domain' in row && typeof row.domain === 'string' ? row.domain : firstDomain(row);
  const stage = siteStage(domain, factory);
  return {
    vendor: 'sitefactory',
    id: String(row.id),
    name: row.site,
    environment: stage.environment,
    environmentName: stage.name,
    status: 'active',
    url: domain ? `https://${domain}` : undefined,
    group: row.stack_id !== undefined ? String(row.stack_id) : undefined,
    createdAt: fromUnixSeconds(row.created),
    rawStatus: '',
    raw: row,
  };
}

function firstDomain(row: SiteRow | SiteDetail): string | undefined {
  return 'domains' in row && Array.isArray(row.domains) ? row.domains[0] : undefined;
}
