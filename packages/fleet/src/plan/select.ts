import type { Site, SiteEnvironment } from '@omnihost/core';
import type { SiteSelection } from './plan.js';

/** A glob (`*`, `?`) as an anchored, case-insensitive regular expression. @internal */
export function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/** The environments a selection names (undefined: any). @internal */
export function environmentsOf(selection: SiteSelection | undefined): readonly SiteEnvironment[] | undefined {
  const environment = selection?.environment;
  if (environment === undefined) return undefined;
  return typeof environment === 'string' ? [environment] : environment;
}

/**
 * Whether a site is selected (the account was already chosen): its stage, its id and its name must match
 * what the selection gives.
 * @public
 */
export function siteMatcher(selection: SiteSelection | undefined): (site: Site) => boolean {
  const environments = environmentsOf(selection);
  const ids = selection?.siteIds ? new Set(selection.siteIds.map(String)) : undefined;
  const name = selection?.namePattern ? globToRegExp(selection.namePattern) : undefined;
  return (site) =>
    (!environments || environments.includes(site.environment)) &&
    (!ids || ids.has(site.id)) &&
    (!name || name.test(site.name));
}
