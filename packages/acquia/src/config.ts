import { acquiaConfigSchema, parseConfig } from '@omnihost/core';
import { z } from 'zod';

/**
 * Config of {@link createAcquiaProvider}: core's Acquia schema (every field, token tuning included, so
 * `createProvider` and `providerFromEnv` validate the same config), with `vendor` optional: the factory knows
 * its vendor. Unknown keys pass through (the schema is loose).
 * @public
 */
export const acquiaProviderConfigSchema = acquiaConfigSchema.extend({
  vendor: z.literal('acquia').default('acquia'),
});

/** Acquia provider config as written by a user. @public */
export type AcquiaProviderConfig = z.input<typeof acquiaProviderConfigSchema>;

/** Acquia provider config after validation. @public */
export type ResolvedAcquiaConfig = z.output<typeof acquiaProviderConfigSchema>;

/**
 * Validates a config, throwing core's `ConfigurationError` that names fields, never values.
 * @public
 */
export function parseAcquiaConfig(config: unknown): ResolvedAcquiaConfig {
  return parseConfig(acquiaProviderConfigSchema, config, 'acquia');
}
