import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import { asyncActionSchema, type Cloud66AsyncAction } from '../schemas/async-action.js';
import { type Cloud66Container, type Cloud66Service, containerSchema, serviceSchema } from '../schemas/service.js';
import { getOne, listAll, send } from './request.js';

/** Narrows service and container calls to one server. @public */
export interface ServerFilterOptions extends CallOptions {
  serverUid?: string | undefined;
}

/** `POST /stacks/{uid}/services` (scope `admin`): scale a service, per server or per server group. @public */
export interface ScaleServiceInput {
  serviceName: string;
  /** Server UID → container count. */
  serverCount?: Readonly<Record<string, number>> | undefined;
  /** Server group (`web`, ...) → container count. */
  serverGroupCount?: Readonly<Record<string, number>> | undefined;
}

/** Options of `services.listContainers`. @public */
export interface ContainerListOptions extends ServerFilterOptions {
  serviceName?: string | undefined;
}

/**
 * Docker/Maestro services and their containers. Restart, pause and resume go through stack actions
 * (`actions.run(uid, { command: 'service_restart', ... })`).
 * @public
 */
export interface Cloud66ServicesClient {
  list(uid: string, options?: ServerFilterOptions): PagedIterable<Cloud66Service>;
  get(uid: string, name: string, options?: ServerFilterOptions): Promise<Cloud66Service>;
  /** Returns the `service_scale` action. */
  scale(uid: string, input: ScaleServiceInput, options?: CallOptions): Promise<Cloud66AsyncAction>;
  /** Stops a service (optionally on one server); returns the `service_stop` action. */
  stop(uid: string, name: string, options?: ServerFilterOptions): Promise<Cloud66AsyncAction>;
  listContainers(uid: string, options?: ContainerListOptions): PagedIterable<Cloud66Container>;
}

/** @internal */
export function createServicesClient(http: HttpClient): Cloud66ServicesClient {
  return {
    list: (uid, options = {}) =>
      listAll(http, 'services.list', encodePath`/stacks/${uid}/services.json`, serviceSchema, {
        signal: options.signal,
        query: { server_uid: options.serverUid },
      }),
    get: (uid, name, options = {}) =>
      getOne(http, 'services.get', encodePath`/stacks/${uid}/services/${name}.json`, serviceSchema, {
        signal: options.signal,
        query: { server_uid: options.serverUid },
      }),
    scale: (uid, input, options = {}) =>
      send(http, {
        operation: 'services.scale',
        method: 'POST',
        path: encodePath`/stacks/${uid}/services.json`,
        body: {
          service_name: input.serviceName,
          server_count: input.serverCount,
          server_group_count: input.serverGroupCount,
        },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    stop: (uid, name, options = {}) =>
      send(http, {
        operation: 'services.stop',
        method: 'DELETE',
        path: encodePath`/stacks/${uid}/services/${name}.json`,
        query: { server_uid: options.serverUid },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    listContainers: (uid, options = {}) =>
      listAll(http, 'services.listContainers', encodePath`/stacks/${uid}/containers.json`, containerSchema, {
        signal: options.signal,
        query: { server_uid: options.serverUid, service_name: options.serviceName },
      }),
  };
}
