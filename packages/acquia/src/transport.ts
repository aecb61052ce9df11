import {
  type Codec,
  createHttpClient,
  type HttpClient,
  jsonCodec,
  oauth2ClientCredentials,
  transportOptionsFor,
} from '@omnihost/core';
import type { ResolvedAcquiaConfig } from './config.js';
import { ACQUIA_DEFAULT_BASE_URL, ACQUIA_DEFAULT_TOKEN_URL, ACQUIA_MEDIA_TYPE } from './constants.js';
import { acquiaErrorMapping } from './rules/http-errors.js';

/**
 * HAL JSON with the API version negotiated in `Accept`. Bodies are sent as `application/json`: both
 * peers (acquia/cli, typhonius/acquia-php-sdk-v2) send JSON that way in production, although the classic
 * part of the spec lists `application/hal+json` and form encoding for request bodies.
 * @public
 */
export const acquiaHalCodec: Codec = { ...jsonCodec, name: 'hal+json', accept: ACQUIA_MEDIA_TYPE };

/**
 * For the operations whose every success body is a file or HTML (`getAccountDrushAliasesDownload`): the
 * text is returned as is. The operation table picks it for the rows generated with `body: 'text'`; an
 * operation that can also answer HAL JSON (`getEnvironmentsLog`) is read as JSON.
 * @internal
 */
export const acquiaTextCodec: Codec = {
  name: 'text',
  accept: '*/*',
  contentType: 'application/json',
  encode: (body) => JSON.stringify(body),
  decode: (text) => text,
};

/**
 * Acquia throttles per minute and tells how long to wait (`Retry-After`, seed 001), so a burst of 429s can
 * span several windows: allow more attempts than core's default. Total waiting per call stays capped by
 * core's `maxTotalWaitMs` (2 minutes), which is what bounds the worst case.
 */
const ACQUIA_DEFAULT_RETRIES = 8;

/** The user-facing handles of the transport: the client and the token strategy's counter. @internal */
export interface AcquiaTransport {
  readonly http: HttpClient;
  /** Token requests made for this account (shared cache), for tests and the demo summary. */
  tokenRequests(): number;
}

/**
 * Builds core's HTTP client for Acquia: the config's transport options over Acquia's defaults (base URL,
 * 8 retries, the vendor table's 100 calls/minute) by core's `transportOptionsFor`, plus what is Acquia's
 * own: OAuth2 client credentials (form-encoded, `scope=organization:<uuid>` when given),
 * `Accept: application/hal+json, version=2`, `{}` for body-less POSTs ("requires both a Content-Type
 * header and a body for all POST requests", acquia/cli commit 12da23f7, CLI-1779), request ids from
 * `X-Request-Id`.
 * @internal
 */
export function createAcquiaTransport(config: ResolvedAcquiaConfig): AcquiaTransport {
  const auth = oauth2ClientCredentials({
    vendor: 'acquia',
    tokenUrl: config.tokenUrl ?? ACQUIA_DEFAULT_TOKEN_URL,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scope: config.organizationUuid ? `organization:${config.organizationUuid}` : undefined,
    expirySkewMs: config.tokenExpirySkewMs,
    allowInsecureHttp: config.allowInsecureHttp,
    timeoutMs: config.timeoutMs,
    logger: config.logger,
    userAgent: config.userAgent,
    retry: config.retry,
  });
  const http = createHttpClient({
    ...transportOptionsFor('acquia', config, {
      baseUrl: ACQUIA_DEFAULT_BASE_URL,
      retry: { retries: ACQUIA_DEFAULT_RETRIES },
    }),
    auth,
    errorMapping: acquiaErrorMapping,
    codec: acquiaHalCodec,
    emptyBody: { POST: {} },
    requestIdHeaders: ['x-request-id'],
  });
  return { http, tokenRequests: () => auth.tokenRequests() };
}
