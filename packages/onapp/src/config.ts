import {
  ConfigurationError,
  type OnAppConfig,
  onAppConfigSchema,
  parseConfig,
  type SiteEnvironment,
} from '@omnihost/core';
import { z } from 'zod';
import { ONAPP_MAX_PAGE_SIZE } from './constants.js';

/**
 * What `createOnAppProvider` accepts: core's OnApp config (control panel URL, e-mail + API key or login +
 * password, `format`, `allowSelfSignedCertificates`, transport options) plus OnApp-only settings.
 * `vendor` may be omitted.
 * @public
 */
export type OnAppProviderConfig = Omit<OnAppConfig, 'vendor'> & {
  vendor?: 'onapp' | undefined;
  /**
   * Environment of particular servers, keyed by id or identifier; wins over the naming convention (see
   * `environmentOfServer`). For fleets whose labels do not say their stage.
   */
  siteEnvironments?: Readonly<Record<string, SiteEnvironment>> | undefined;
  /**
   * How long to look for the transaction an action created before giving up. OnApp inserts it while
   * answering the call, so it is normally found by the first look. Default 15 s.
   */
  transactionDiscoveryTimeoutMs?: number | undefined;
  /** Servers per page when listing sites (default 100, at most 1,000). */
  pageSize?: number | undefined;
};

const extraSchema = z.looseObject({
  siteEnvironments: z.record(z.string(), z.enum(['prod', 'staging', 'dev', 'other'])).optional(),
  transactionDiscoveryTimeoutMs: z.number().int().positive().max(600_000).optional(),
  pageSize: z.number().int().min(1).max(ONAPP_MAX_PAGE_SIZE).optional(),
});

/** The validated config. @public */
export type ParsedOnAppConfig = z.output<typeof onAppConfigSchema> & z.output<typeof extraSchema>;

/**
 * Validates a config with core's OnApp schema and the OnApp-only fields. Throws `ConfigurationError`
 * naming fields, never values.
 * @public
 */
export function parseOnAppConfig(config: OnAppProviderConfig): ParsedOnAppConfig {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigurationError('Invalid onapp configuration: config must be an object', {
      vendor: 'onapp',
      problems: ['config must be an object'],
    });
  }
  const withVendor = { ...config, vendor: config.vendor ?? 'onapp' };
  const base = parseConfig(onAppConfigSchema, withVendor, 'onapp');
  const extra = parseConfig(extraSchema, withVendor, 'onapp');
  // Keep functions (logger) by reference: zod copies the object, not the logger.
  return { ...base, ...extra, logger: config.logger as ParsedOnAppConfig['logger'] };
}
