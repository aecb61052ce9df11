import { parseConfig, type RateLimitOptions, siteFactoryConfigSchema } from '@omnihost/core';
import { z } from 'zod';

/**
 * Site Factory provider config: core's schema (factory URL, Basic user + API key, transport options), with
 * `vendor` optional so `createSiteFactoryProvider({ baseUrl, username, apiKey })` reads naturally, plus:
 *
 * - `environment`: which stage this factory serves. Each factory environment (prod, test, dev) is its own
 *   host with its own users (vendors/sitefactory.md §1). Default: read from the host name
 *   (`www.<env>-<factory>.acsitefactory.com`, no prefix = prod); sites whose domain names another stage
 *   override it (see `mapping/environment.ts`).
 * @public
 */
export const siteFactoryProviderConfigSchema = siteFactoryConfigSchema.extend({
  vendor: z.literal('sitefactory').optional(),
  environment: z.enum(['prod', 'staging', 'dev', 'other']).optional(),
});

/** Site Factory config as written by a user. @public */
export type SiteFactoryProviderConfig = z.input<typeof siteFactoryProviderConfigSchema>;

/** Site Factory config after validation. @public */
export type ParsedSiteFactoryConfig = z.output<typeof siteFactoryProviderConfigSchema>;

/**
 * Client-side rate limit used when the config sets none. Site Factory publishes no API limit (no 429 or
 * `Retry-After` is documented, vendors/sitefactory.md §7), so this is an assumption: 10 requests a second
 * per user, which keeps a fleet-wide script well clear of a factory's PHP workers.
 * @public
 */
export const SITE_FACTORY_DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 100, windowMs: 10_000 };

/** Validates a config, throwing `ConfigurationError` that names fields, never values. @public */
export function parseSiteFactoryConfig(config: unknown): ParsedSiteFactoryConfig {
  return parseConfig(siteFactoryProviderConfigSchema, config, 'sitefactory');
}
