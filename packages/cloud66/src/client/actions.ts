import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import { asyncActionSchema, type Cloud66AsyncAction } from '../schemas/async-action.js';
import { getOne, listAll, send } from './request.js';

/** Database kinds the replication actions and backups name. @public */
export type Cloud66DatabaseType = 'mysql' | 'postgresql' | 'redis' | 'mongodb';

/**
 * A stack action (`POST /stacks/{uid}/actions`, scope `redeploy`), one variant per command of the docs'
 * command table. Omitting `serviceName` on `service_restart` restarts every service (the seed article's
 * flow).
 * @public
 */
export type StackActionCommand =
  | { command: 'restart' }
  | { command: 'clear_caches' }
  | { command: 'maintenance_mode'; enabled: boolean }
  | {
      command: 'service_restart' | 'service_pause' | 'service_resume';
      serviceName?: string | undefined;
      /** Only on this server (server UID). */
      serverUid?: string | undefined;
    }
  | {
      command: 'process_restart' | 'process_pause' | 'process_resume';
      processName: string;
      serverUid?: string | undefined;
    }
  | { command: 'container_restart'; containerUid: string }
  | {
      command: 'promote_slave_db' | 'resync_slave_db' | 'disable_replication_slave_db';
      /** The database server's UID (what the Go client sends). */
      serverUid?: string | undefined;
      /** The database server's name (what the docs describe). */
      serverName?: string | undefined;
      dbType?: Cloud66DatabaseType | undefined;
    };

/** Every command of {@link StackActionCommand}. @public */
export type StackActionName = StackActionCommand['command'];

type BodyOf<C extends StackActionName> = (
  action: Extract<StackActionCommand, { command: C }>,
) => Record<string, unknown>;

/**
 * Command → request body: the one table. Where the docs and the Go client name a parameter differently
 * (vendor notes §3.2, §6.6), both names are sent; the server reads the one it knows:
 * - service actions: `server_id_filter` (docs) and `server_uid` (Go);
 * - `container_restart`: `container` (docs) and `container_id` (Go);
 * - replication actions: `server` (docs, a server name) or `server_uid` (Go), and `server_group` (docs)
 *   with `db_type` (Go).
 * `maintenance_mode` is documented only (`value` 1/0); process actions only in the Go client.
 * @public
 */
export const STACK_ACTION_BODIES: { readonly [C in StackActionName]: BodyOf<C> } = {
  restart: () => ({}),
  clear_caches: () => ({}),
  maintenance_mode: (action) => ({ value: action.enabled ? 1 : 0 }),
  service_restart: serviceBody,
  service_pause: serviceBody,
  service_resume: serviceBody,
  process_restart: processBody,
  process_pause: processBody,
  process_resume: processBody,
  container_restart: (action) => ({ container_id: action.containerUid, container: action.containerUid }),
  promote_slave_db: databaseBody,
  resync_slave_db: databaseBody,
  disable_replication_slave_db: databaseBody,
};

function serviceBody(action: { serviceName?: string | undefined; serverUid?: string | undefined }) {
  return { service_name: action.serviceName, server_uid: action.serverUid, server_id_filter: action.serverUid };
}

function processBody(action: { processName: string; serverUid?: string | undefined }) {
  return { process_name: action.processName, server_uid: action.serverUid };
}

function databaseBody(action: {
  serverUid?: string | undefined;
  serverName?: string | undefined;
  dbType?: Cloud66DatabaseType | undefined;
}) {
  return {
    server_uid: action.serverUid,
    server: action.serverName,
    db_type: action.dbType,
    server_group: action.dbType,
  };
}

/** The request body for a command. @public */
export function stackActionBody(action: StackActionCommand): Record<string, unknown> {
  const build = STACK_ACTION_BODIES[action.command] as (value: StackActionCommand) => Record<string, unknown>;
  return { command: action.command, ...build(action) };
}

/** Options of `actions.list`. @public */
export interface ActionListOptions extends CallOptions {
  /** Only actions whose `metadata.user_reference` matches (added 2023-10). */
  userReference?: string | undefined;
}

/** Async actions of a stack. @public */
export interface Cloud66ActionsClient {
  /** Runs a stack action; returns the async action to poll. */
  run(uid: string, action: StackActionCommand, options?: CallOptions): Promise<Cloud66AsyncAction>;
  list(uid: string, options?: ActionListOptions): PagedIterable<Cloud66AsyncAction>;
  /** One action: the polling endpoint. */
  get(uid: string, actionId: string | number, options?: CallOptions): Promise<Cloud66AsyncAction>;
}

/** @internal */
export function createActionsClient(http: HttpClient): Cloud66ActionsClient {
  return {
    run: (uid, action, options = {}) =>
      send(http, {
        operation: 'actions.run',
        method: 'POST',
        path: encodePath`/stacks/${uid}/actions.json`,
        body: stackActionBody(action),
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    list: (uid, options = {}) =>
      listAll(http, 'actions.list', encodePath`/stacks/${uid}/actions.json`, asyncActionSchema, {
        signal: options.signal,
        query: { user_reference: options.userReference },
      }),
    get: (uid, actionId, options = {}) =>
      getOne(http, 'actions.get', encodePath`/stacks/${uid}/actions/${actionId}.json`, asyncActionSchema, options),
  };
}
