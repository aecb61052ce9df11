import { parseConfig, siteFactoryConfigSchema } from '@omnihost/core';
import { z } from 'zod';

/**
 * Site Factory provider config: core's schema (factory URL, Basic user + API key, transport options, and the
 * factory's `environment`, `OMNIHOST_FACTORY_ENVIRONMENT`), with `vendor` optional so
 * `createSiteFactoryProvider({ baseUrl, username, apiKey })` reads naturally.
 *
 * - `environment`: which stage this factory serves. Each factory environment (prod, test, dev) is its own
 *   host with its own users (vendors/sitefactory.md §1). Default: read from the host name
 *   (`www.<env>-<factory>.acsitefactory.com`, no prefix = prod); sites whose domain names another stage
 *   override it (see `rules/environments.ts`).
 * @public
 */
export const siteFactoryProviderConfigSchema = siteFactoryConfigSchema.extend({
  vendor: z.literal('sitefactory').optional(),
});

/** Site Factory config as written by a user. @public */
export type SiteFactoryProviderConfig = z.input<typeof siteFactoryProviderConfigSchema>;

/** Site Factory config after validation. @public */
export type ParsedSiteFactoryConfig = z.output<typeof siteFactoryProviderConfigSchema>;

/** Validates a config, throwing `ConfigurationError` that names fields, never values. @public */
export function parseSiteFactoryConfig(config: unknown): ParsedSiteFactoryConfig {
  return parseConfig(siteFactoryProviderConfigSchema, config, 'sitefactory');
}
