import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import { asyncActionSchema, type Cloud66AsyncAction } from '../schemas/async-action.js';
import { type Cloud66Server, serverSchema } from '../schemas/server.js';
import { getOne, listAll, send } from './request.js';

/** Servers of a stack. @public */
export interface Cloud66ServersClient {
  list(uid: string, options?: CallOptions): PagedIterable<Cloud66Server>;
  get(uid: string, serverUid: string, options?: CallOptions): Promise<Cloud66Server>;
  /**
   * Reboots one server; returns the `server_reboot` action. Needs the `reboot` scope, which the docs use
   * on this endpoint but leave out of their scope table (vendor notes §1).
   */
  reboot(uid: string, serverUid: string, options?: CallOptions): Promise<Cloud66AsyncAction>;
}

/** @internal */
export function createServersClient(http: HttpClient): Cloud66ServersClient {
  return {
    list: (uid, options = {}) =>
      listAll(http, 'servers.list', encodePath`/stacks/${uid}/servers.json`, serverSchema, options),
    get: (uid, serverUid, options = {}) =>
      getOne(http, 'servers.get', encodePath`/stacks/${uid}/servers/${serverUid}.json`, serverSchema, options),
    reboot: (uid, serverUid, options = {}) =>
      send(http, {
        operation: 'servers.reboot',
        method: 'POST',
        path: encodePath`/stacks/${uid}/servers/${serverUid}/reboot_server.json`,
        schema: asyncActionSchema,
        signal: options.signal,
      }),
  };
}
