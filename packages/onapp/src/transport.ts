import { apiKeyBasicAuth, basicAuth, createHttpClient, type HttpClient, transportOptionsFor } from '@omnihost/core';
import { createOnAppCodec } from './codec/onapp-codecs.js';
import type { ParsedOnAppConfig } from './config.js';
import { onAppErrorMapping } from './rules/http-errors.js';

/**
 * The HTTP client every OnApp call goes through: core's transport options for the config (no rate limit
 * unless the config sets one: OnApp publishes none, and core's vendor table says so), plus what is
 * OnApp's own: HTTP Basic, {@link onAppErrorMapping}, and the Rails XML or JSON codec of the configured
 * format. Many panels run on self-signed certificates, yet certificates are verified unless the config
 * says `allowSelfSignedCertificates: true`.
 * @internal
 */
export function createOnAppTransport(parsed: ParsedOnAppConfig): HttpClient {
  return createHttpClient({
    ...transportOptionsFor('onapp', parsed),
    // "put your account email as a login and the key to the server as a password" (docs.onapp.com API guide).
    auth:
      parsed.email && parsed.apiKey
        ? apiKeyBasicAuth({ user: parsed.email, apiKey: parsed.apiKey })
        : basicAuth({ username: parsed.login ?? '', password: parsed.password ?? '' }),
    errorMapping: onAppErrorMapping,
    codec: createOnAppCodec(parsed.format ?? 'xml', { maxChars: parsed.maxResponseBytes }),
  });
}
