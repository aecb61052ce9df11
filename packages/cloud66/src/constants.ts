import { VENDORS } from '@omnihost/core';

/**
 * The public Cloud 66 API v3 endpoint.
 * Source: https://developers.cloud66.com ("Base URL"); the Go client builds the same from its base.
 * @public
 */
export const CLOUD66_DEFAULT_BASE_URL = 'https://app.cloud66.com/api/3';

/**
 * The client-side budget: the documented 3,000 requests per user per hour. The example responses carry
 * `X-RateLimit-Limit: 3600`, but the prose is the stricter of the two, so we keep to it.
 * Source: https://developers.cloud66.com ("Rate limiting"). The value lives in core's vendor table
 * (`VENDORS.cloud66.defaultRateLimit`); this is the same object under the name this package always exported.
 * @public
 */
export const CLOUD66_DEFAULT_RATE_LIMIT = VENDORS.cloud66.defaultRateLimit;

/** Items per page: fixed at 30, with no documented way to change it. @public */
export const CLOUD66_PAGE_SIZE = 30;

/**
 * OAuth scopes a Cloud 66 token can hold. `reboot` appears on the reboot endpoints although the docs'
 * scope table does not list it (vendor notes §1).
 * @public
 */
export const CLOUD66_SCOPES = ['public', 'redeploy', 'jobs', 'users', 'admin', 'reboot'] as const;

/** One Cloud 66 OAuth scope. @public */
export type Cloud66Scope = (typeof CLOUD66_SCOPES)[number];
