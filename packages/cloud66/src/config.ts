import { cloud66ConfigSchema, parseConfig } from '@omnihost/core';
import { z } from 'zod';

/**
 * Config of {@link createCloud66Provider}: core's Cloud 66 schema, with `vendor` optional so the factory
 * can be called directly (`createCloud66Provider({ token })`) as well as through `createProvider`.
 * @public
 */
export const cloud66ProviderConfigSchema = cloud66ConfigSchema.extend({
  vendor: z.literal('cloud66').default('cloud66'),
});

/** Cloud 66 provider config as written by a user. @public */
export type Cloud66ProviderConfig = z.input<typeof cloud66ProviderConfigSchema>;

/** Cloud 66 provider config after validation. @public */
export type ParsedCloud66Config = z.output<typeof cloud66ProviderConfigSchema>;

/**
 * Validates a config; throws core's `ConfigurationError` naming fields, never values.
 * @public
 */
export function parseCloud66Config(config: unknown): ParsedCloud66Config {
  return parseConfig(cloud66ProviderConfigSchema, config, 'cloud66');
}
