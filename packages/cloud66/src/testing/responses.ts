import type { SimResponse, SimVendorResponses } from '@omnihost/core/testing';
import { errorResponse, requestIdHeader } from './wire.js';

const GATEWAY_TITLES: Readonly<Record<number, string>> = { 502: 'Bad Gateway', 504: 'Gateway Time-out' };

/**
 * Cloud 66's answers for what the shared server detects (vendor notes §4):
 * - an unknown path is `404 not_found` in the usual error body;
 * - throttling is **503** `throttled` with `X-RateLimit-Remaining: 0`, not 429 (the server adds
 *   `Retry-After`, which Cloud 66 does not document but a client must honour if it comes);
 * - an outage is a 500 error body, a 503 naming another error than `throttled`, or a gateway's HTML
 *   page for 502/504, which is what sits in front of a Rails app.
 */
export function cloud66Responses(limit: number): SimVendorResponses {
  return {
    notFound: () => errorResponse(404, 'not_found', 'The requested resource could not be found'),
    throttled: (): SimResponse =>
      errorResponse(503, 'throttled', `Rate limit exceeded: ${limit} requests per hour`, {
        details: 'Too many requests: wait for the next hourly window',
        headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0' },
      }),
    serverError: (status): SimResponse => {
      if (status === 500) return errorResponse(500, 'internal_server_error', 'Something went wrong on our side');
      if (status === 503) return errorResponse(503, 'service_unavailable', 'Cloud 66 is temporarily unavailable');
      const title = `${status} ${GATEWAY_TITLES[status] ?? 'Error'}`;
      return {
        status,
        headers: { 'Content-Type': 'text/html', ...requestIdHeader() },
        body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`,
      };
    },
  };
}
