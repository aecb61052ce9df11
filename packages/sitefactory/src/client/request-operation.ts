import {
  createHttpError,
  encodePath,
  type HttpClient,
  type QueryValue,
  scrubSecrets,
  ValidationError,
} from '@omnihost/core';
import { type ZodType, z } from 'zod';
import { classifyMessage } from '../errors/error-mapping.js';
import { type OperationInfo, SITE_FACTORY_OPERATIONS, type SiteFactoryOperationId } from './operations.js';

/** What the request layer needs: the transport and the secrets to keep out of messages. @internal */
export interface ClientContext {
  readonly http: HttpClient;
  readonly secrets: () => readonly string[];
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
 * endpoint's maximum, and validates the 200 body with `schema`. `name` is what errors call the operation
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
    schema: rejectingErrorMessages(schema, { operation: name, method: info.method, path, secrets: context.secrets }),
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

/**
 * Some failures arrive as HTTP 200 with an error message; acquia/sf-sdk-ruby checks the message prefixes
 * whatever the status (vendors/sitefactory.md §7). The check runs before the schema, so such a body
 * surfaces as the typed error it is, not as an unexpected shape. (Throwing inside a zod preprocess
 * propagates out of `safeParse`, which is what lets the typed error through core's validation stage.)
 */
function rejectingErrorMessages<T>(
  schema: ZodType<T>,
  where: { operation: string; method: string; path: string; secrets: () => readonly string[] },
): ZodType<T> {
  return z.preprocess((value) => {
    const message = (value as { message?: unknown } | null)?.message;
    if (typeof message !== 'string' || Array.isArray(value)) return value;
    const known = classifyMessage(message);
    if (!known) return value;
    const text = scrubSecrets(message.slice(0, 500), where.secrets());
    throw createHttpError({
      kind: known.kind,
      message: `sitefactory ${where.operation} failed on ${where.method} ${where.path}: ${text}`,
      vendor: 'sitefactory',
      operation: where.operation,
      method: where.method,
      path: where.path,
      status: 200,
      vendorCode: known.code,
      fieldErrors: known.kind === 'validation' ? { _: [text] } : undefined,
    });
  }, schema) as unknown as ZodType<T>;
}
