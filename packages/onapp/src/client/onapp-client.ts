import { apiKeyBasicAuth, basicAuth, type CallOptions, createHttpClient, type HttpClient } from '@omnihost/core';
import { createOnAppCodec, type OnAppFormat } from '../codec/onapp-codecs.js';
import { type OnAppProviderConfig, type ParsedOnAppConfig, parseOnAppConfig } from '../config.js';
import { onAppErrorMapping } from '../rules/http-errors.js';
import { versionSchema } from '../schemas/lists.js';
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
  const http = createHttpClient({
    vendor: 'onapp',
    baseUrl: parsed.baseUrl,
    // "put your account email as a login and the key to the server as a password" (docs.onapp.com API guide).
    auth:
      parsed.email && parsed.apiKey
        ? apiKeyBasicAuth({ user: parsed.email, apiKey: parsed.apiKey })
        : basicAuth({ username: parsed.login ?? '', password: parsed.password ?? '' }),
    errorMapping: onAppErrorMapping,
    codec: createOnAppCodec(format, { maxChars: parsed.maxResponseBytes }),
    // OnApp publishes no API rate limit (a self-hosted panel): none unless the config sets one.
    rateLimit: parsed.rateLimit ?? false,
    retry: parsed.retry,
    timeoutMs: parsed.timeoutMs,
    maxResponseBytes: parsed.maxResponseBytes,
    logger: parsed.logger,
    allowInsecureHttp: parsed.allowInsecureHttp,
    // Many panels run on self-signed certificates, yet verification stays on unless the config says so.
    allowSelfSignedCertificates: parsed.allowSelfSignedCertificates === true,
    userAgent: parsed.userAgent,
  });
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
