import { acquiaConfigSchema, parseConfig } from '@omnihost/core';
import { z } from 'zod';

/**
 * Config of {@link createAcquiaProvider}: core's Acquia schema with `vendor` optional (the factory knows
 * its vendor), plus the token-lifetime tuning. Unknown keys pass through (the schema is loose), so a
 * config written for `createProvider` works unchanged.
 * @public
 */
export const acquiaProviderConfigSchema = acquiaConfigSchema.extend({
  vendor: z.literal('acquia').default('acquia'),
  /** Refresh the token this long before it expires. Default 60 s (capped at a quarter of its lifetime). */
  tokenExpirySkewMs: z.number().int().nonnegative().optional(),
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
