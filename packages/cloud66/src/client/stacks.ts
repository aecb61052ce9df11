import { type CallOptions, encodePath, type HttpClient, type PagedIterable } from '@omnihost/core';
import { asyncActionSchema, type Cloud66AsyncAction } from '../schemas/async-action.js';
import { type Cloud66SslCertificate, sslCertificateSchema } from '../schemas/ssl-certificate.js';
import { type Cloud66Stack, stackSchema } from '../schemas/stack.js';
import { getOne, listAll, send } from './request.js';

/**
 * Filters of `GET /stacks`. They exist only in the Go client (added 2023), not in the docs, so a server
 * may ignore them: filter the results yourself as well (vendor notes §3.1).
 * @public
 */
export interface StackListOptions extends CallOptions {
  filterName?: string | undefined;
  filterEnvironment?: string | undefined;
  filterGitRepo?: string | undefined;
  filterGitBranch?: string | undefined;
}

/** `POST /stacks` (scope `redeploy`): a new Docker stack. @public */
export interface CreateStackInput {
  name: string;
  environment: string;
  serviceYaml: string;
  manifestYaml?: string | undefined;
  cloud?: string | undefined;
  keyName?: string | undefined;
  region?: string | undefined;
  size?: string | undefined;
  buildType?: 'single' | 'multi' | undefined;
}

/** `POST /stacks/{uid}/reboot_servers` (scope `reboot`). @public */
export interface RebootServersInput {
  strategy: 'parallel' | 'serial';
  /** `all`, `web`, `mysql`, ... (Cloud 66's default: `web`). */
  group?: string | undefined;
}

/** Stacks. @public */
export interface Cloud66StacksClient {
  list(options?: StackListOptions): PagedIterable<Cloud66Stack>;
  get(uid: string, options?: CallOptions): Promise<Cloud66Stack>;
  /** Starts creating a Docker stack; returns the `stack_create` action. */
  create(input: CreateStackInput, options?: CallOptions): Promise<Cloud66AsyncAction>;
  /** Reboots the stack's servers; returns the `stack_reboot` action. */
  rebootServers(uid: string, input: RebootServersInput, options?: CallOptions): Promise<Cloud66AsyncAction>;
  /** SSL certificates of the stack (scope `admin`). */
  sslCertificates(uid: string, options?: CallOptions): PagedIterable<Cloud66SslCertificate>;
}

/** @internal */
export function createStacksClient(http: HttpClient): Cloud66StacksClient {
  return {
    list: (options = {}) =>
      listAll(http, 'stacks.list', '/stacks.json', stackSchema, {
        signal: options.signal,
        query: {
          filter_name: options.filterName,
          filter_environment: options.filterEnvironment,
          filter_git_repo: options.filterGitRepo,
          filter_git_branch: options.filterGitBranch,
        },
      }),
    get: (uid, options = {}) => getOne(http, 'stacks.get', encodePath`/stacks/${uid}.json`, stackSchema, options),
    create: (input, options = {}) =>
      send(http, {
        operation: 'stacks.create',
        method: 'POST',
        // The Go client posts to `/stacks` without `.json`, its one exception (vendor notes §6.1).
        path: '/stacks',
        body: {
          name: input.name,
          environment: input.environment,
          service_yaml: input.serviceYaml,
          manifest_yaml: input.manifestYaml,
          cloud: input.cloud,
          key_name: input.keyName,
          region: input.region,
          size: input.size,
          build_type: input.buildType,
        },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    rebootServers: (uid, input, options = {}) =>
      send(http, {
        operation: 'stacks.rebootServers',
        method: 'POST',
        path: encodePath`/stacks/${uid}/reboot_servers.json`,
        body: { strategy: input.strategy, group: input.group },
        schema: asyncActionSchema,
        signal: options.signal,
      }),
    sslCertificates: (uid, options = {}) =>
      listAll(
        http,
        'stacks.sslCertificates',
        encodePath`/stacks/${uid}/ssl_certificates.json`,
        sslCertificateSchema,
        options,
      ),
  };
}
