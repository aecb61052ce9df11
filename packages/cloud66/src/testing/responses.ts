/**
 * The simulator's HTTP answers in Cloud 66's wire format: the `{ "response": … }` envelope, list pages with
 * their `pagination` block, the error body, and the answers to what the shared server detects itself.
 * The records inside the answers are built in `wire.ts`.
 */
import { randomUUID } from 'node:crypto';
import { SimHttpError, type SimResponse, type SimVendorResponses } from '@omnihost/core/testing';
import { CLOUD66_PAGE_SIZE } from '../constants.js';

/** Items per page, as Cloud 66 sends them (not adjustable): the adapter's constant, so both agree. */
export const PAGE_SIZE = CLOUD66_PAGE_SIZE;

/** A Rails app stamps every answer with `X-Request-Id`; the Go client sends its own `Request-Id`. */
export function requestIdHeader(): Record<string, string> {
  return { 'X-Request-Id': randomUUID() };
}

/** `{ "response": … }` with `200`, plus the headers every answer carries. */
export function ok(response: unknown, headers?: Record<string, string>): SimResponse {
  return { status: 200, json: { response }, headers: { ...requestIdHeader(), ...headers } };
}

/**
 * The name of the pagination block's back link: `previous` in every real payload and the Go/cx mocks,
 * `prev` on the [DOCS-NEW] Pagination model page (vendor notes §2).
 */
export type BackLinkField = 'previous' | 'prev';

/**
 * One page of a list, shaped as Cloud 66 sends it: top-level `count` (items on this page) and the
 * `pagination` block. Only the requested page's items are built.
 */
export function page<T>(
  total: number,
  at: (index: number) => T,
  pageNumber: number,
  backLink: BackLinkField = 'previous',
): Record<string, unknown> {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const from = (pageNumber - 1) * PAGE_SIZE;
  const to = Math.min(total, from + PAGE_SIZE);
  const items: T[] = [];
  for (let index = from; index < to; index += 1) items.push(at(index));
  return {
    response: items,
    count: items.length,
    pagination: {
      [backLink]: pageNumber > 1 ? pageNumber - 1 : null,
      next: pageNumber < pages ? pageNumber + 1 : null,
      current: pageNumber,
      per_page: PAGE_SIZE,
      count: total,
      pages,
    },
  };
}

/** A list page answer. */
export function okPage<T>(
  items: readonly T[] | { total: number; at: (index: number) => T },
  pageNumber: number,
  headers?: Record<string, string>,
  backLink: BackLinkField = 'previous',
): SimResponse {
  const source = Array.isArray(items)
    ? { total: items.length, at: (index: number) => items[index] as T }
    : (items as { total: number; at: (index: number) => T });
  return {
    status: 200,
    json: page(source.total, source.at, pageNumber, backLink),
    headers: { ...requestIdHeader(), ...headers },
  };
}

/** Cloud 66's error body: `{ error, error_description, details? }`. */
export function errorResponse(
  status: number,
  error: string,
  description: string,
  options: { details?: string; headers?: Record<string, string> } = {},
): SimResponse {
  return {
    status,
    headers: { ...requestIdHeader(), ...options.headers },
    json: { error, error_description: description, ...(options.details ? { details: options.details } : {}) },
  };
}

/** Throws an error answer from inside a handler. */
export function fail(
  status: number,
  error: string,
  description: string,
  options: { details?: string; headers?: Record<string, string> } = {},
): never {
  throw new SimHttpError(errorResponse(status, error, description, options));
}

/** 404 as Cloud 66 words it (cx issue #66 quotes the message). */
export function notFound(): never {
  return fail(404, 'not_found', 'The requested resource could not be found');
}

/** 400 for a missing or invalid parameter. */
export function badRequest(details: string): never {
  return fail(400, 'bad_request', 'The request could not be understood or was missing required parameters', {
    details,
  });
}

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
