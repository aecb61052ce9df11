import type { CallOptions } from '@omnihost/core';
import type { OnAppClient } from '../client/onapp-client.js';
import { serverRef } from '../client/resource-path.js';

/**
 * The numeric id of a server given as id or identifier. Transactions name servers by numeric id, so an
 * identifier costs one lookup.
 * @internal
 */
export async function resolveServerId(
  client: OnAppClient,
  siteId: string,
  options?: CallOptions,
  operation?: string,
): Promise<number> {
  const ref = serverRef(siteId, operation);
  if (/^\d+$/.test(ref)) return Number(ref);
  return (await client.virtualServers.get(ref, options)).id;
}
