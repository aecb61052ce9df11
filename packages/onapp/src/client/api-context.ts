import {
  type CallOptions,
  type HttpClient,
  type HttpMethod,
  type QueryValue,
  safeParseFast,
  shapeError,
} from '@omnihost/core';
import { z } from 'zod';
import type { OnAppFormat } from '../codec/onapp-codecs.js';
import { withFormat } from './resource-path.js';

/** What every resource module of the typed client needs. @internal */
export interface ApiContext {
  readonly http: HttpClient;
  readonly format: OnAppFormat;
}

/** One call of the typed client. @internal */
export interface ApiCall<T> {
  operation: string;
  method: HttpMethod;
  /** Path without the format suffix, built with `encodePath`. */
  path: string;
  schema: z.ZodType<T>;
  query?: Readonly<Record<string, QueryValue>> | undefined;
  body?: unknown;
  options?: CallOptions | undefined;
}

/** A decoded response: the data and the headers (`X-Total` on paged lists). @internal */
export interface ApiResult<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Sends one call with the format suffix; mutations are never replayed blindly (core's default). The body
 * is validated here rather than by the transport so the decoded records stay reachable as `raw`
 * (see {@link rawOf}).
 * @internal
 */
export async function send<T>(context: ApiContext, call: ApiCall<T>): Promise<ApiResult<T>> {
  const path = withFormat(call.path, context.format);
  const response = await context.http.request<unknown>({
    operation: call.operation,
    method: call.method,
    path,
    query: call.query,
    body: call.body,
    signal: call.options?.signal,
  });
  const data = validate(call.schema, response.data, {
    operation: call.operation,
    method: call.method,
    path: path.split('?')[0] ?? path,
    requestId: response.requestId,
  });
  rememberRaw(data, response.data);
  return { data, status: response.status, headers: response.headers };
}

function validate<T>(
  schema: z.ZodType<T>,
  decoded: unknown,
  where: { operation: string; method: string; path: string; requestId: string | undefined },
): T {
  const result = safeParseFast(schema, decoded);
  if (result.success) return result.data;
  throw shapeError(result.error, { vendor: 'onapp', ...where });
}

/** Validated record → the record as the panel sent it (decoded, before validation). */
const rawRecords = new WeakMap<object, unknown>();

function rememberRaw(data: unknown, decoded: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  if (Array.isArray(data) && Array.isArray(decoded)) {
    for (let index = 0; index < data.length; index += 1) {
      const item: unknown = data[index];
      if (typeof item === 'object' && item !== null) rawRecords.set(item, decoded[index]);
    }
    return;
  }
  rawRecords.set(data, decoded);
}

/**
 * The untouched payload behind a record the typed client returned (what models carry as `raw`), or the
 * record itself when it did not come from a response.
 * @public
 */
export function rawOf(record: object): unknown {
  return rawRecords.has(record) ? rawRecords.get(record) : record;
}

/** Sends one call and returns only its data. @internal */
export async function sendData<T>(context: ApiContext, call: ApiCall<T>): Promise<T> {
  return (await send(context, call)).data;
}

/**
 * A body that may be absent: OnApp answers actions with 201 + the object, 204 + nothing, or (2011 panels)
 * 200 + `{}` (vendors/onapp.md §1.3: "treat any 2xx as success and never require a body").
 * @internal
 */
export function optionalBody<T>(schema: z.ZodType<T>): z.ZodType<T | undefined> {
  return z.union([z.undefined(), z.null(), z.literal(''), z.strictObject({}), schema]).transform((value) => {
    if (value === null || value === '' || value === undefined) return undefined;
    if (typeof value === 'object' && Object.keys(value).length === 0) return undefined;
    return value as T;
  });
}

/** Any 2xx body, ignored (deletes and actions whose answer carries nothing we read). @internal */
export const ignoredBody = z.unknown().transform((): undefined => undefined);

/** Reads `X-Total` (the Go SDK reads it; not documented, so optional). @internal */
export function totalFrom(headers: Readonly<Record<string, string>>): number | undefined {
  const value = Number(headers['x-total']);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
