import { environmentFromName, type Site, type SiteStatus } from '@omnihost/core';
import type { AcquiaEnvironment } from '../schemas/environment.js';

/**
 * Acquia environment status → site status: the one table. The spec types `status` as a free string;
 * `normal` is what examples and fixtures show, `provisioning` is the application-level value.
 * @public
 */
export const ACQUIA_SITE_STATUSES: Readonly<Record<string, SiteStatus>> = {
  normal: 'active',
  provisioning: 'provisioning',
  deploying: 'busy',
  updating: 'busy',
  stopped: 'stopped',
  failed: 'failed',
};

/**
 * An environment as an omnihost Site: id = environment id, name `<application>.<environment>`, group =
 * application uuid. The stage comes from the environment's machine name (`dev`, `test`, `prod`, `ra`,
 * `ode12`), falling back to `flags.production` when the name says nothing.
 * @public
 */
export function environmentToSite(environment: AcquiaEnvironment, raw: unknown = environment): Site {
  const rawStatus = environment.status ?? 'unknown';
  let stage = environmentFromName(environment.name);
  if (stage === 'other' && environment.flags?.production === true) stage = 'prod';
  const host = environment.active_domain || environment.default_domain || environment.domains?.[0];
  const application = environment.application?.name;
  return {
    vendor: 'acquia',
    id: environment.id,
    name: application ? `${application}.${environment.name}` : environment.label || environment.name,
    environment: stage,
    environmentName: environment.name,
    status: Object.hasOwn(ACQUIA_SITE_STATUSES, rawStatus)
      ? (ACQUIA_SITE_STATUSES[rawStatus] as SiteStatus)
      : 'unknown',
    url: host ? `https://${host}` : undefined,
    group: environment.application?.uuid,
    rawStatus,
    raw,
  };
}
