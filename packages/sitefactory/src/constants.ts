import { type RateLimitOptions, VENDORS } from '@omnihost/core';

/**
 * Client-side rate limit used when the config sets none: core's vendor table
 * (`VENDORS.sitefactory.defaultRateLimit`) is the one place it is set, and this is that value. Site Factory
 * publishes no API limit (no 429 or `Retry-After` is documented, vendors/sitefactory.md §7), so it is an
 * assumption: 10 requests a second per user, which keeps a fleet-wide script well clear of a factory's PHP
 * workers. The simulator enforces the same budget.
 * @public
 */
export const SITE_FACTORY_DEFAULT_RATE_LIMIT: RateLimitOptions = VENDORS.sitefactory.defaultRateLimit;

/**
 * What a code update deploys: code and database updates, the factory's default (`sites_type`, seed-era
 * doc and spec). The value is exactly `"code, db"`, comma and space (vendors/sitefactory.md §3.2).
 */
export const CODE_UPDATE_TYPE = 'code, db';

/** Lifetime asked for a backup download URL, in seconds (the factory's default is 60). */
export const DOWNLOAD_URL_LIFETIME_S = 900;
