import type { HttpClient, HttpMethod, HttpResponse } from '@omnihost/core';
import { ValidationError } from '@omnihost/core';
import type { ZodType } from 'zod';
import { buildPath, buildQuery } from '../raw/build-request.js';
import { acquiaTextCodec } from '../transport.js';
import type { AcquiaOperationKey, AcquiaRawCallOptions, AcquiaRequestParams } from './operation-types.js';
import { lookupOperation } from './operations.js';

/** How one call is made: the response schema and the name errors carry. @internal */
export interface CallSpec<T> extends AcquiaRawCallOptions {
  /** Validates (and coerces) the body; a mismatch is `ResponseValidationError`. */
  schema?: ZodType<T> | undefined;
  /** Named in errors and logs instead of the operationId (`backups.create`). */
  label?: string | undefined;
}

/** Calls any operation by id or route over core's transport. @internal */
export interface OperationCaller {
  call<K extends AcquiaOperationKey, T>(
    key: K,
    params: AcquiaRequestParams<K> | undefined,
    spec: CallSpec<T>,
  ): Promise<HttpResponse<T>>;
  readonly http: HttpClient;
}

/**
 * The one place a request is built from an operation: path template → `encodePath`, query checked,
 * JSON body (or core's `{}` for body-less POSTs), the response validated by the given schema.
 * @internal
 */
export function createOperationCaller(http: HttpClient): OperationCaller {
  return {
    http,
    async call<K extends AcquiaOperationKey, T>(
      key: K,
      params: AcquiaRequestParams<K> | undefined,
      spec: CallSpec<T>,
    ): Promise<HttpResponse<T>> {
      const found = lookupOperation(key);
      if (!found) {
        throw new ValidationError(`acquia: unknown operation ${JSON.stringify(String(key).slice(0, 120))}`, {
          vendor: 'acquia',
          fieldErrors: { operation: ['not an operationId or "METHOD /path" of the Cloud API v2 spec'] },
        });
      }
      const { id, info } = found;
      const operation = spec.label ?? id;
      const values = (params ?? {}) as { path?: unknown; query?: unknown; body?: unknown };
      return http.request<T>({
        operation,
        // Core's HttpMethod has no OPTIONS; axios sends it as given. Only `optionsEnvironment`,
        // `optionsCodeStudio` and one codebase operation use it (reported as a core change request).
        method: info.method as HttpMethod,
        path: buildPath(info.path, values.path, operation),
        query: buildQuery(values.query, operation),
        body: values.body,
        schema: spec.schema,
        signal: spec.signal,
        headers: spec.headers,
        timeoutMs: spec.timeoutMs,
        idempotent: info.method === 'GET' || info.method === 'OPTIONS' ? true : undefined,
        codec: info.body === 'text' ? acquiaTextCodec : undefined,
      });
    },
  };
}
