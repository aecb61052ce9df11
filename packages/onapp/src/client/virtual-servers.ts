import { type CallOptions, encodePath } from '@omnihost/core';
import { ONAPP_DEFAULT_PAGE_SIZE } from '../constants.js';
import { type OnAppBackup, onAppBackupSchema } from '../schemas/backup.js';
import { type Disk, diskSchema } from '../schemas/disk.js';
import { arrayOf, listOf } from '../schemas/lists.js';
import { type Transaction, transactionSchema } from '../schemas/transaction.js';
import {
  type VirtualServer,
  type VirtualServerStatus,
  virtualServerSchema,
  virtualServerStatusSchema,
} from '../schemas/virtual-server.js';
import { type ApiContext, ignoredBody, optionalBody, send, sendData, totalFrom } from './api-context.js';
import { type ServerRef, serverRef } from './resource-path.js';

/** One page of a list, with the panel's `X-Total` when it sends one. @public */
export interface OnAppPage<T> {
  readonly items: T[];
  readonly page: number;
  readonly perPage: number;
  readonly total: number | undefined;
}

/** Paging of list calls (`?page=&per_page=`, as the Go SDK and the QA suite send it). @public */
export interface PageQuery {
  /** 1-based. */
  page?: number | undefined;
  perPage?: number | undefined;
}

/** Options of `virtualServers.listPage`. @public */
export interface ListVirtualServersQuery extends PageQuery {
  /** Label search (`?q=`, as the PHP wrapper uses it). */
  q?: string | undefined;
}

/**
 * Attributes of a new server (`POST /virtual_machines`, docs "Add VS"; vendors/onapp.md §2.3). Which are
 * required depends on the cloud's configuration; unknown attributes are sent as given.
 * @public
 */
export interface CreateVirtualServerInput {
  template_id: number;
  label: string;
  hostname: string;
  memory: number;
  cpus: number;
  primary_disk_size: number;
  cpu_shares?: number | undefined;
  swap_disk_size?: number | undefined;
  domain?: string | undefined;
  hypervisor_id?: number | undefined;
  hypervisor_group_id?: number | undefined;
  primary_network_group_id?: number | undefined;
  initial_root_password?: string | undefined;
  /** 1 = build at once (the default here). */
  required_virtual_machine_build?: 0 | 1 | undefined;
  required_virtual_machine_startup?: 0 | 1 | undefined;
  required_ip_address_assignment?: 0 | 1 | undefined;
  [attribute: string]: unknown;
}

/** Attributes that can be changed on an existing server (`PUT /virtual_machines/:id`). @public */
export interface EditVirtualServerInput {
  label?: string | undefined;
  hostname?: string | undefined;
  memory?: number | undefined;
  cpus?: number | undefined;
  cpu_shares?: number | undefined;
  note?: string | undefined;
  [attribute: string]: unknown;
}

/** Options of `virtualServers.build` (build or rebuild from a template). @public */
export interface BuildInput {
  templateId: number;
  /** Start the server once built. Default true. */
  requiredStartup?: boolean | undefined;
}

/** Options of `virtualServers.delete`. @public */
export interface DeleteVirtualServerOptions extends CallOptions {
  /** Turn the last backup into a template before deleting. Default false. */
  convertLastBackup?: boolean | undefined;
  /** Delete the server's backups too (needs the "destroy backups" permission). Default false. */
  destroyAllBackups?: boolean | undefined;
}

/** Virtual servers: the typed calls of `/virtual_machines`. @public */
export interface VirtualServersApi {
  /** One page of servers. */
  listPage(query?: ListVirtualServersQuery, options?: CallOptions): Promise<OnAppPage<VirtualServer>>;
  get(server: ServerRef, options?: CallOptions): Promise<VirtualServer>;
  /** The light status (`built`, `booted`, `locked`, ...), OnApp 3.1+. */
  status(server: ServerRef, options?: CallOptions): Promise<VirtualServerStatus>;
  create(input: CreateVirtualServerInput, options?: CallOptions): Promise<VirtualServer | undefined>;
  edit(server: ServerRef, input: EditVirtualServerInput, options?: CallOptions): Promise<VirtualServer | undefined>;
  delete(server: ServerRef, options?: DeleteVirtualServerOptions): Promise<void>;
  startup(server: ServerRef, options?: CallOptions): Promise<VirtualServer | undefined>;
  /** Graceful shutdown. */
  shutdown(server: ServerRef, options?: CallOptions): Promise<VirtualServer | undefined>;
  /** Power off. */
  stop(server: ServerRef, options?: CallOptions): Promise<VirtualServer | undefined>;
  reboot(server: ServerRef, options?: CallOptions): Promise<VirtualServer | undefined>;
  /** Build or rebuild from a template: wipes and reinstalls the disks. */
  build(server: ServerRef, input: BuildInput, options?: CallOptions): Promise<VirtualServer | undefined>;
  /** The server's transactions, newest first, without `log_output`. */
  transactions(server: ServerRef, query?: PageQuery, options?: CallOptions): Promise<Transaction[]>;
  /** Both kinds of backup of the server. */
  backups(server: ServerRef, options?: CallOptions): Promise<OnAppBackup[]>;
  /** Incremental (file) backups only. */
  incrementalBackups(server: ServerRef, options?: CallOptions): Promise<OnAppBackup[]>;
  disks(server: ServerRef, options?: CallOptions): Promise<Disk[]>;
}

const serverBody = optionalBody(virtualServerSchema);

/** Builds the `/virtual_machines` calls. @internal */
export function virtualServersApi(context: ApiContext): VirtualServersApi {
  const action = (name: string, operation: string) => (server: ServerRef, options?: CallOptions) =>
    sendData(context, {
      operation,
      method: 'POST',
      path: encodePath`/virtual_machines/${serverRef(server)}/${name}`,
      schema: serverBody,
      options,
    });
  return {
    async listPage(query = {}, options) {
      const page = query.page ?? 1;
      const perPage = query.perPage ?? ONAPP_DEFAULT_PAGE_SIZE;
      const result = await send(context, {
        operation: 'virtualServers.list',
        method: 'GET',
        path: '/virtual_machines',
        query: { page, per_page: perPage, q: query.q },
        schema: arrayOf(virtualServerSchema),
        options,
      });
      return { items: result.data, page, perPage, total: totalFrom(result.headers) };
    },
    get: (server, options) =>
      sendData(context, {
        operation: 'virtualServers.get',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}`,
        schema: virtualServerSchema,
        options,
      }),
    async status(server, options) {
      const list = await sendData(context, {
        operation: 'virtualServers.status',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}/status`,
        schema: listOf(virtualServerStatusSchema).refine((items) => items.length === 1, 'expected one server'),
        options,
      });
      return list[0] as VirtualServerStatus;
    },
    create: (input, options) =>
      sendData(context, {
        operation: 'virtualServers.create',
        method: 'POST',
        path: '/virtual_machines',
        body: { virtual_machine: { required_virtual_machine_build: 1, ...input } },
        schema: serverBody,
        options,
      }),
    edit: (server, input, options) =>
      sendData(context, {
        operation: 'virtualServers.edit',
        method: 'PUT',
        path: encodePath`/virtual_machines/${serverRef(server)}`,
        body: { virtual_machine: input },
        schema: serverBody,
        options,
      }),
    async delete(server, options = {}) {
      await sendData(context, {
        operation: 'virtualServers.delete',
        method: 'DELETE',
        path: encodePath`/virtual_machines/${serverRef(server)}`,
        query: {
          convert_last_backup: options.convertLastBackup ? 1 : 0,
          destroy_all_backups: options.destroyAllBackups ? 1 : 0,
        },
        schema: ignoredBody,
        options,
      });
    },
    startup: action('startup', 'virtualServers.startup'),
    shutdown: action('shutdown', 'virtualServers.shutdown'),
    stop: action('stop', 'virtualServers.stop'),
    reboot: action('reboot', 'virtualServers.reboot'),
    build: (server, input, options) =>
      sendData(context, {
        operation: 'virtualServers.build',
        method: 'POST',
        path: encodePath`/virtual_machines/${serverRef(server)}/build`,
        body: {
          virtual_machine: { template_id: input.templateId, required_startup: input.requiredStartup === false ? 0 : 1 },
        },
        schema: serverBody,
        options,
      }),
    transactions: (server, query = {}, options) =>
      sendData(context, {
        operation: 'virtualServers.transactions',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}/transactions`,
        query: { page: query.page, per_page: query.perPage },
        schema: arrayOf(transactionSchema),
        options,
      }),
    backups: (server, options) =>
      sendData(context, {
        operation: 'virtualServers.backups',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}/backups`,
        schema: arrayOf(onAppBackupSchema),
        options,
      }),
    incrementalBackups: (server, options) =>
      sendData(context, {
        operation: 'virtualServers.incrementalBackups',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}/backups/files`,
        schema: arrayOf(onAppBackupSchema),
        options,
      }),
    disks: (server, options) =>
      sendData(context, {
        operation: 'virtualServers.disks',
        method: 'GET',
        path: encodePath`/virtual_machines/${serverRef(server)}/disks`,
        schema: arrayOf(diskSchema),
        options,
      }),
  };
}
