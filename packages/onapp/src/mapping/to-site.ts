import type { Site, SiteEnvironment } from '@omnihost/core';
import { environmentOfServer } from '../rules/environments.js';
import { rawServerStatus, siteStatusOf } from '../rules/site-states.js';
import { toDate } from '../schemas/scalars.js';
import type { VirtualServer } from '../schemas/virtual-server.js';

/**
 * A virtual server as a Site. `id` is the numeric id (the identifier works as input too); `url` is the
 * host name, completed with the domain when the host name is not already a FQDN; `group` is the
 * hypervisor the server runs on.
 * @public
 */
export function toSite(
  server: VirtualServer,
  raw: unknown,
  overrides?: Readonly<Record<string, SiteEnvironment>> | undefined,
): Site {
  const environment = environmentOfServer(server, overrides);
  const hostname = server.hostname || undefined;
  const url = hostname && server.domain && !hostname.includes('.') ? `${hostname}.${server.domain}` : hostname;
  return {
    vendor: 'onapp',
    id: String(server.id),
    name: server.label || server.hostname || server.identifier || String(server.id),
    environment: environment.environment,
    environmentName: environment.name,
    status: siteStatusOf(server),
    url,
    group: server.hypervisor_id != null ? `hypervisor ${server.hypervisor_id}` : undefined,
    createdAt: toDate(server.created_at),
    rawStatus: rawServerStatus(server),
    raw,
  };
}
