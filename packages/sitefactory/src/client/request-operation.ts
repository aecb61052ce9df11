import { encodePath, type HttpClient, type QueryValue, ValidationError } from '@omnihost/core';
import type { ZodType } from 'zod';
import { type OperationInfo, SITE_FACTORY_OPERATIONS, type SiteFactoryOperationId } from './operations.js';

/** What the request layer needs: the transport. @internal */
export interface ClientContext {
  readonly http: HttpClient;
}

/** Untyped input of one operation call (the typed client narrows it per operation). @internal */
export interface OperationInput {
  path?: Readonly<Record<string, string | number>> | undefined;
  query?: Readonly<Record<string, unknown>> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * Sends one operation of the table: builds the path with `encodePath`, checks `limit` against the
 * endpoint's maximum, and validates the 200 body with `schema` (a 200 that carries a known error message
 * is turned into its typed error first, by the error mapping's `successError`). `name` is what errors call the operation
 * (`sites.list` for vocabulary calls, the operationId for raw ones).
 * @internal
 */
export async function requestOperation<T>(
  context: ClientContext,
  operationId: SiteFactoryOperationId,
  input: OperationInput,
  schema: ZodType<T>,
  name: string = operationId,
): Promise<T> {
  const info = SITE_FACTORY_OPERATIONS[operationId];
  const path = buildPath(info.path, input.path, name);
  const query = encodeQuery(info, input.query, name);
  const response = await context.http.request({
    operation: name,
    method: info.method,
    path,
    query,
    body: input.body,
    signal: input.signal,
    schema,
  });
  return response.data;
}

/** Fills a `{name}` path template, every value encoded as one segment by core's `encodePath`. @internal */
export function buildPath(
  template: string,
  params: Readonly<Record<string, string | number>> | undefined,
  operation: string,
): string {
  const parts = template.split(/\{([^}]+)\}/);
  const literals = parts.filter((_, index) => index % 2 === 0);
  const values = parts
    .filter((_, index) => index % 2 === 1)
    .map((name) => {
      const value = params?.[name];
      if (value === undefined || value === '') {
        throw new ValidationError(`sitefactory ${operation}: path parameter ${name} is required`, {
          vendor: 'sitefactory',
          operation,
          fieldErrors: { [name]: ['is required'] },
        });
      }
      return value;
    });
  return encodePath(Object.assign(literals, { raw: literals }), ...values);
}

function encodeQuery(
  info: OperationInfo,
  query: Readonly<Record<string, unknown>> | undefined,
  operation: string,
): Record<string, QueryValue> | undefined {
  if (!query) return undefined;
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // Lists such as `site_owner` or `role_ids` are comma-separated, not repeated keys (seed 002).
    if (Array.isArray(value)) out[key] = value.map(String).join(',');
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else throw invalid(operation, key, 'must be a string, number, boolean or list');
  }
  const limit = out.limit;
  if (limit !== undefined && info.maxLimit !== null) {
    const size = Number(limit);
    // A factory answers an out-of-range limit with 400; say so before spending a request.
    if (!Number.isInteger(size) || size < 1 || size > info.maxLimit) {
      throw invalid(operation, 'limit', `must be an integer from 1 to ${info.maxLimit}`);
    }
  }
  return out;
}

function invalid(operation: string, field: string, problem: string): ValidationError {
  return new ValidationError(`sitefactory ${operation}: ${field} ${problem}`, {
    vendor: 'sitefactory',
    operation,
    fieldErrors: { [field]: [problem] },
  });
}
