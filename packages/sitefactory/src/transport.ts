import { apiKeyBasicAuth, createHttpClient, type HttpClient, transportOptionsFor } from '@omnihost/core';
import type { ParsedSiteFactoryConfig } from './config.js';
import { siteFactoryErrorMapping } from './rules/http-errors.js';

/**
 * The HTTP client of one factory: core's transport options for the config (the vendor table's assumed
 * rate limit when the config sets none), HTTP Basic with user name + API key, Site Factory's error mapping,
 * and a JSON body on every POST and PUT, `{}` when there is nothing to send: factories since 2.178 reject
 * body-less POSTs with 400 "Invalid JSON provided: Syntax error" (acquia/cli #1814).
 * @internal
 */
export function createSiteFactoryTransport(config: ParsedSiteFactoryConfig): HttpClient {
  return createHttpClient({
    ...transportOptionsFor('sitefactory', config),
    auth: apiKeyBasicAuth({ user: config.username, apiKey: config.apiKey }),
    errorMapping: siteFactoryErrorMapping,
    emptyBody: { POST: {}, PUT: {} },
  });
}
