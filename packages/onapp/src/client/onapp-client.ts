import type { CallOptions, HttpClient } from '@omnihost/core';
import type { OnAppFormat } from '../codec/onapp-codecs.js';
import { type OnAppProviderConfig, type ParsedOnAppConfig, parseOnAppConfig } from '../config.js';
import { versionSchema } from '../schemas/lists.js';
import { createOnAppTransport } from '../transport.js';
import type { ApiContext } from './api-context.js';
import { sendData } from './api-context.js';
import { type BackupsApi, backupsApi } from './backups.js';
import { type DisksApi, disksApi } from './disks.js';
import { type TemplatesApi, templatesApi } from './templates.js';
import { type TransactionsApi, transactionsApi } from './transactions.js';
import { type VirtualServersApi, virtualServersApi } from './virtual-servers.js';

/**
 * The typed OnApp client (`provider.raw`): every call the adapter makes, and the ones the common
 * vocabulary does not cover, in the panel's own terms. Calls go through core's transport (auth, retry,
 * rate limit, codec, error mapping) in the configured format.
 * @public
 */
export interface OnAppClient {
  /** The wire format every call uses. */
  readonly format: OnAppFormat;
  /** The transport (for `stats()`). */
  readonly http: HttpClient;
  readonly virtualServers: VirtualServersApi;
  readonly disks: DisksApi;
  readonly backups: BackupsApi;
  readonly templates: TemplatesApi;
  readonly transactions: TransactionsApi;
  /** The panel's version (`GET /version`), also a cheap credentials check. */
  version(options?: CallOptions): Promise<string>;
}

/**
 * Creates the typed client from a config (validated like the provider's).
 * @throws ConfigurationError when the config is invalid.
 * @public
 */
export function createOnAppClient(config: OnAppProviderConfig): OnAppClient {
  return createOnAppClientFromParsed(parseOnAppConfig(config));
}

/** Creates the typed client from an already validated config. @internal */
export function createOnAppClientFromParsed(parsed: ParsedOnAppConfig): OnAppClient {
  const format = parsed.format ?? 'xml';
  const http = createOnAppTransport(parsed);
  const context: ApiContext = { http, format };
  return {
    format,
    http,
    virtualServers: virtualServersApi(context),
    disks: disksApi(context),
    backups: backupsApi(context),
    templates: templatesApi(context),
    transactions: transactionsApi(context),
    version: async (options) =>
      (
        await sendData(context, {
          operation: 'version',
          method: 'GET',
          path: '/version',
          schema: versionSchema,
          options,
        })
      ).version,
  };
}
