import type { Site } from '@omnihost/core';
import { acquiaEnvironmentOf } from '../rules/environments.js';
import { siteStatusOf } from '../rules/site-states.js';
import type { AcquiaEnvironment } from '../schemas/environment.js';

/**
 * An environment as an omnihost Site: id = environment id, name `<application>.<environment>`, group =
 * application uuid. The stage comes from the environment's machine name (`dev`, `test`, `prod`, `ra`,
 * `ode12`), falling back to `flags.production` when the name says nothing (rules/environments.ts); the
 * status from `ACQUIA_SITE_STATES` (rules/site-states.ts).
 * @public
 */
export function environmentToSite(environment: AcquiaEnvironment, raw: unknown = environment): Site {
  const rawStatus = environment.status ?? 'unknown';
  const host = environment.active_domain || environment.default_domain || environment.domains?.[0];
  const application = environment.application?.name;
  return {
    vendor: 'acquia',
    id: environment.id,
    name: application ? `${application}.${environment.name}` : environment.label || environment.name,
    environment: acquiaEnvironmentOf(environment.name, environment.flags),
    environmentName: environment.name,
    status: siteStatusOf(rawStatus),
    url: host ? `https://${host}` : undefined,
    group: environment.application?.uuid,
    rawStatus,
    raw,
  };
}
