import { randomUUID } from 'node:crypto';
import { SimHttpError, type SimResponse } from '@omnihost/core/testing';
import { CLOUD66_PAGE_SIZE } from '../constants.js';

/** Items per page, as Cloud 66 sends them (not adjustable): the adapter's constant, so both agree. */
export const PAGE_SIZE = CLOUD66_PAGE_SIZE;

/** `2014-08-14T00:38:14Z`: the `*_iso` fields and the action/deployment times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2014-08-14 00:38:14 UTC`: the plain, non-ISO `created_at`/`updated_at` of stacks. */
export function railsUtc(ms: number): string {
  return iso(ms).replace('T', ' ').replace('Z', ' UTC');
}

/** `2014-08-14T01:46:53+00:00`: stack `last_activity`. */
export function isoOffset(ms: number): string {
  return iso(ms).replace('Z', '+00:00');
}

/** A Rails app stamps every answer with `X-Request-Id`; the Go client sends its own `Request-Id`. */
export function requestIdHeader(): Record<string, string> {
  return { 'X-Request-Id': randomUUID() };
}

/** `{ "response": … }` with `200`, plus the headers every answer carries. */
export function ok(response: unknown, headers?: Record<string, string>): SimResponse {
  return { status: 200, json: { response }, headers: { ...requestIdHeader(), ...headers } };
}

/** The 1-based page a request asks for; anything unreadable is page 1 (as a Rails `to_i` would make it). */
export function requestedPage(query: URLSearchParams): number {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
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
