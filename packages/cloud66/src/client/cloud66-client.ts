import type { CallOptions, HttpClient, PagedIterable } from '@omnihost/core';
import { accountSchema, type Cloud66Account } from '../schemas/account.js';
import { type Cloud66GenericResponse, genericResponseSchema } from '../schemas/common.js';
import { type Cloud66ActionsClient, createActionsClient } from './actions.js';
import { type Cloud66BackupsClient, createBackupsClient } from './backups.js';
import { type Cloud66DeploymentsClient, createDeploymentsClient } from './deployments.js';
import { type Cloud66EnvironmentVariablesClient, createEnvironmentVariablesClient } from './environment-variables.js';
import { getOne, listAll } from './request.js';
import { type Cloud66ServersClient, createServersClient } from './servers.js';
import { type Cloud66ServicesClient, createServicesClient } from './services.js';
import { type Cloud66StacksClient, createStacksClient } from './stacks.js';

/**
 * The typed Cloud 66 API v3 client (`provider.raw`): every call goes through the same transport as the
 * vocabulary (auth, rate limit, retry, error mapping), and every response is validated with schemas
 * that let unknown fields through.
 * @public
 */
export interface Cloud66Client {
  readonly stacks: Cloud66StacksClient;
  readonly deployments: Cloud66DeploymentsClient;
  readonly actions: Cloud66ActionsClient;
  readonly backups: Cloud66BackupsClient;
  readonly servers: Cloud66ServersClient;
  readonly services: Cloud66ServicesClient;
  readonly environmentVariables: Cloud66EnvironmentVariablesClient;
  /** Accounts the token can act for (scope `users`); their ids are what `accountId` / `X-Account` take. */
  listAccounts(options?: CallOptions): PagedIterable<Cloud66Account>;
  /** `GET /ping/auth`: a cheap check that the token is accepted. */
  ping(options?: CallOptions): Promise<Cloud66GenericResponse>;
}

/** Builds the typed client on a transport. @public */
export function createCloud66Client(http: HttpClient): Cloud66Client {
  return {
    stacks: createStacksClient(http),
    deployments: createDeploymentsClient(http),
    actions: createActionsClient(http),
    backups: createBackupsClient(http),
    servers: createServersClient(http),
    services: createServicesClient(http),
    environmentVariables: createEnvironmentVariablesClient(http),
    listAccounts: (options = {}) => listAll(http, 'accounts.list', '/accounts.json', accountSchema, options),
    ping: (options = {}) => getOne(http, 'ping', '/ping/auth.json', genericResponseSchema, options),
  };
}
