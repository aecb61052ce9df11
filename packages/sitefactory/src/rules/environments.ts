import { environmentFromName, type SiteEnvironment } from '@omnihost/core';

/** A stage as Site Factory names it, and what it means in the vocabulary. @public */
export interface StageName {
  readonly environment: SiteEnvironment;
  /** The vendor's own name (`live`, `test`, `dev`, `qa2`, ...). */
  readonly name: string;
}

/**
 * Environment names carry a stack prefix when read from `AH_SITE_ENVIRONMENT` (`01live`, `01dev`;
 * swichers/acsf-client #86), so the digits are dropped before the name is mapped.
 */
function stage(label: string): StageName | undefined {
  const name = label.toLowerCase().replace(/^\d+/, '');
  const environment = environmentFromName(name);
  return environment === 'other' ? undefined : { environment, name };
}

/**
 * The stage of a factory from its URL. A factory per environment, each on its own host:
 * `www.<factory>.acsitefactory.com` is production and `www.<env>-<factory>.acsitefactory.com` is any other
 * stage (`dev`, `test`, custom names), as acquia/cli and swichers/acsf-client build factory URLs
 * (vendors/sitefactory.md §1). Custom factory host names say nothing: `undefined`.
 * @public
 */
export function factoryStageFromUrl(baseUrl: string): StageName | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const match = /^www\.([a-z0-9-]+)\.acsitefactory\.com$/.exec(host);
  if (!match?.[1]) return undefined;
  const [first, ...rest] = match[1].split('-');
  if (rest.length > 0 && first) {
    const named = stage(first);
    if (named) return named;
  }
  return { environment: 'prod', name: 'live' };
}

/**
 * The stage a site's standard domain names. A site's factory-standard domain follows the factory's host:
 * `<site>.<factory>.acsitefactory.com` in production, `<site>.<env>-<factory>.acsitefactory.com` in the
 * other stages (the prod/non-prod domain templates of `GET /api/v1/factory-standard-domains` exist for the
 * same reason). Only a non-production prefix is read from a domain; a domain without one (a custom domain,
 * or a production standard domain) says nothing, and the factory's stage applies.
 * @public
 */
export function stageFromSiteDomain(domain: string | undefined): StageName | undefined {
  if (!domain) return undefined;
  const match = /^[^.]+\.([a-z0-9]+)-[a-z0-9-]+\.acsitefactory\.com$/i.exec(domain.trim());
  return match?.[1] ? stage(match[1]) : undefined;
}

/**
 * A site's stage: what its standard domain names, else the factory's (from config or URL), else `other`.
 * The domain comes first because it is the most specific evidence the API gives about one site.
 * @public
 */
export function siteStage(domain: string | undefined, factory: StageName | undefined): StageName {
  return stageFromSiteDomain(domain) ?? factory ?? { environment: 'other', name: 'unknown' };
}
