import type { SiteStatus } from '@omnihost/core';

/**
 * Acquia environment status → site status: the one table. The spec types `status` as a free string;
 * `normal` is what examples and fixtures show, `provisioning` is the application-level value.
 * @public
 */
export const ACQUIA_SITE_STATES: Readonly<Record<string, SiteStatus>> = {
  normal: 'active',
  provisioning: 'provisioning',
  deploying: 'busy',
  updating: 'busy',
  stopped: 'stopped',
  failed: 'failed',
};

/** The site status for an environment status, `unknown` for anything not in {@link ACQUIA_SITE_STATES}. @public */
export function siteStatusOf(status: string): SiteStatus {
  return Object.hasOwn(ACQUIA_SITE_STATES, status) ? (ACQUIA_SITE_STATES[status] as SiteStatus) : 'unknown';
}

/** @deprecated Use {@link ACQUIA_SITE_STATES} (the same table, named like every vendor's site-state table). @public */
export const ACQUIA_SITE_STATUSES: Readonly<Record<string, SiteStatus>> = ACQUIA_SITE_STATES;
