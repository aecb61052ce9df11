import { ConfigurationError } from '../errors/error-classes.js';
import type { Logger } from '../util/logger.js';
import { VENDORS, type VendorId } from '../vendors/table.js';
import type { RateLimiter } from './rate-limiter.js';
import type { HttpClientOptions, RetryOptions } from './types.js';

/** The transport fields every vendor config has (core's `transportOptionsShape`), after validation. @public */
export interface TransportConfig {
  readonly baseUrl?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly rateLimit?: false | { readonly limit: number; readonly windowMs: number } | undefined;
  readonly limiter?: RateLimiter | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly allowInsecureHttp?: boolean | undefined;
  readonly allowSelfSignedCertificates?: boolean | undefined;
  readonly maxResponseBytes?: number | undefined;
  readonly userAgent?: string | undefined;
  readonly logger?: Logger | undefined;
}

/** What a vendor package sets itself where the user set nothing. @public */
export interface TransportDefaults {
  /** The vendor's public API URL (Acquia, Cloud 66); none for per-customer hosts. */
  readonly baseUrl?: string | undefined;
  /** Retry settings under the user's (Acquia allows more attempts: its 429s can span windows). */
  readonly retry?: RetryOptions | undefined;
}

/** The part of {@link HttpClientOptions} a vendor config decides. @public */
export type ConfiguredTransportOptions = Pick<
  HttpClientOptions,
  | 'vendor'
  | 'baseUrl'
  | 'rateLimit'
  | 'limiter'
  | 'retry'
  | 'timeoutMs'
  | 'maxResponseBytes'
  | 'logger'
  | 'allowInsecureHttp'
  | 'allowSelfSignedCertificates'
  | 'userAgent'
>;

/**
 * Turns a validated vendor config into transport options: the user's settings over the vendor's defaults,
 * and the vendor table's rate limit when the config sets none. Every vendor package's `transport.ts`
 * spreads this into `createHttpClient` and adds only what is its own (auth, error mapping, codec, headers).
 * @throws ConfigurationError when neither the config nor the vendor names a base URL.
 * @public
 */
export function transportOptionsFor(
  vendor: VendorId,
  config: TransportConfig,
  defaults: TransportDefaults = {},
): ConfiguredTransportOptions {
  const baseUrl = config.baseUrl ?? defaults.baseUrl;
  if (baseUrl === undefined) {
    throw new ConfigurationError(`Invalid ${vendor} configuration: baseUrl is required`, {
      vendor,
      problems: ['baseUrl is required'],
    });
  }
  const tableLimit = VENDORS[vendor].defaultRateLimit;
  return {
    vendor,
    baseUrl,
    rateLimit: config.rateLimit ?? (tableLimit === false ? false : { ...tableLimit }),
    limiter: config.limiter,
    retry: defaults.retry || config.retry ? { ...defaults.retry, ...config.retry } : undefined,
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    logger: config.logger,
    allowInsecureHttp: config.allowInsecureHttp,
    // Only where the vendor is self-hosted (the table's `selfHosted`): an undeclared field that slipped
    // through a loose config schema must not switch certificate checks off for a vendor's own API.
    allowSelfSignedCertificates: VENDORS[vendor].selfHosted ? config.allowSelfSignedCertificates : undefined,
    userAgent: config.userAgent,
  };
}
