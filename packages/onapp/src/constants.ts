import type { OnAppFormat } from './codec/onapp-codecs.js';

/**
 * OnApp's fixed values. OnApp has no public base URL (every panel is self-hosted, so `baseUrl` is always
 * the user's) and publishes no rate limit (core's vendor table says `false`).
 */

/**
 * The media type of each wire format, sent as `Accept` and `Content-Type`; the path suffix (`.xml`,
 * `.json`) is what the panel actually selects the format by (vendors/onapp.md §1.1).
 * @internal
 */
export const ONAPP_MEDIA_TYPES: Readonly<Record<OnAppFormat, string>> = {
  xml: 'application/xml',
  json: 'application/json',
};

/** Servers per page when listing sites, unless the config says otherwise. @internal */
export const ONAPP_DEFAULT_PAGE_SIZE = 100;

/** Most servers asked for per page. OnApp documents no maximum for this list; 1,000 keeps pages bounded. @internal */
export const ONAPP_MAX_PAGE_SIZE = 1000;

/** Rows of the panel's own default page of transactions (`GET /transactions`: "the last 10"). @internal */
export const ONAPP_TRANSACTIONS_PAGE_SIZE = 10;

/**
 * How long to look for the transaction an action created. OnApp inserts it while answering the call, so
 * the first look normally finds it. @internal
 */
export const ONAPP_DISCOVERY_TIMEOUT_MS = 15_000;
