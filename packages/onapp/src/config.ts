import { ConfigurationError, type OnAppConfig, onAppConfigSchema, parseConfig } from '@omnihost/core';
import type { z } from 'zod';

/**
 * What `createOnAppProvider` accepts: core's OnApp config (control panel URL, e-mail + API key or login +
 * password, `format`, `allowSelfSignedCertificates`, `siteEnvironments`, `transactionDiscoveryTimeoutMs`,
 * `pageSize`, transport options), every field with its `OMNIHOST_*` variable. `vendor` may be omitted.
 * @public
 */
export type OnAppProviderConfig = Omit<OnAppConfig, 'vendor'> & { vendor?: 'onapp' | undefined };

/** The validated config. @public */
export type ParsedOnAppConfig = z.output<typeof onAppConfigSchema>;

/**
 * Validates a config with core's OnApp schema. Throws `ConfigurationError` naming fields, never values.
 * @public
 */
export function parseOnAppConfig(config: OnAppProviderConfig): ParsedOnAppConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigurationError('Invalid onapp configuration: config must be an object', {
      vendor: 'onapp',
      problems: ['config must be an object'],
    });
  }
  const parsed = parseConfig(onAppConfigSchema, { ...config, vendor: config.vendor ?? 'onapp' }, 'onapp');
  // Keep functions (logger) by reference: zod copies the object, not the logger.
  return { ...parsed, logger: config.logger as ParsedOnAppConfig['logger'] };
}
