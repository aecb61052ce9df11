import { VENDORS } from '@omnihost/core';

/** Acquia Cloud Platform API v2 base URL (typhonius/acquia-php-sdk-v2 `ConnectorInterface::BASE_URI`). @public */
export const ACQUIA_DEFAULT_BASE_URL = 'https://cloud.acquia.com/api';

/**
 * Token endpoint actually used by Acquia's docs and every consumer. The spec's securityScheme names
 * `https://accounts.acquia.com/api/token`, which is stale (vendor notes §2).
 * @public
 */
export const ACQUIA_DEFAULT_TOKEN_URL = 'https://accounts.acquia.com/api/auth/oauth/token';

/**
 * Acquia's published limit: "Cloud Platform API calls are limited to 100 calls per minute", answered with
 * 429 + `Retry-After` (docs page "Developing with the Cloud Platform API", seed 001). The value lives in
 * core's vendor table (`VENDORS.acquia.defaultRateLimit`), which the transport reads; this is the same object.
 * @public
 */
export const ACQUIA_RATE_LIMIT = VENDORS.acquia.defaultRateLimit;

/** Versioned media type the API negotiates on (spec `info.description`; acli sends exactly this). @public */
export const ACQUIA_MEDIA_TYPE = 'application/hal+json, version=2';

/**
 * Largest page the adapter asks for. Acquia documents no maximum (vendor notes §3); staying at 100 keeps
 * the "stop on a short page" rule safe even if the server silently caps a larger `limit`.
 * @public
 */
export const ACQUIA_MAX_PAGE_SIZE = 100;
