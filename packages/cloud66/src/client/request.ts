import { type CallOptions, type HttpClient, numberedPages, type PagedIterable, type QueryValue } from '@omnihost/core';
import type { z } from 'zod';
import { CLOUD66_PAGE_SIZE } from '../constants.js';
import { enveloped, listPage } from '../schemas/common.js';
import { cloud66HasNextPage } from './paging.js';

/** Query parameters of a list call (without `page`, which paging owns). @internal */
export type ListQuery = Readonly<Record<string, QueryValue>>;

/**
 * `GET` one object in the `{ response: … }` envelope.
 * @internal
 */
export async function getOne<S extends z.ZodType>(
  http: HttpClient,
  operation: string,
  path: string,
  item: S,
  options: CallOptions & { query?: ListQuery | undefined } = {},
): Promise<z.output<S>> {
  const { data } = await http.request({
    operation,
    method: 'GET',
    path,
    query: options.query,
    schema: enveloped(item),
    signal: options.signal,
  });
  return data;
}

/**
 * A lazy list over Cloud 66's `page` paging, on core's `numberedPages`: `page=1` first (as the Go client
 * does), then the next page while {@link cloud66HasNextPage} says the vendor names one. `page` always
 * travels in the query string, never in a body (cloud66-oss/cloud66 PR #38). Pages hold 30 items, with
 * no documented way to change that, so no page size is sent.
 * @internal
 */
export function listAll<S extends z.ZodType>(
  http: HttpClient,
  operation: string,
  path: string,
  item: S,
  options: CallOptions & { query?: ListQuery | undefined } = {},
): PagedIterable<z.output<S>> {
  const schema = listPage(item);
  return numberedPages<z.output<S>>(
    async ({ page }, signal) => {
      const { data } = await http.request({
        operation,
        method: 'GET',
        path,
        query: { ...options.query, page },
        schema,
        signal,
      });
      return { items: data.response, hasNext: cloud66HasNextPage(data.pagination, page) };
    },
    { pageSize: CLOUD66_PAGE_SIZE, signal: options.signal },
  );
}

/**
 * A `POST`/`PUT`/`DELETE` with a JSON body (the Go client sends JSON; the API also takes form fields).
 * Not replayed after it may have reached the server: core retries it only when the answer proves it
 * did not run (throttling).
 * @internal
 */
export async function send<S extends z.ZodType>(
  http: HttpClient,
  request: {
    operation: string;
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    path: string;
    body?: Record<string, unknown> | undefined;
    query?: ListQuery | undefined;
    schema: S;
    signal?: AbortSignal | undefined;
  },
): Promise<z.output<S>> {
  const { data } = await http.request({
    operation: request.operation,
    method: request.method,
    path: request.path,
    query: request.query,
    body: request.body === undefined ? undefined : withoutUndefined(request.body),
    schema: enveloped(request.schema),
    signal: request.signal,
  });
  return data;
}

/** Drops `undefined` members so optional parameters are not sent at all. */
function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
