import type { HttpClient, HttpResponse, OperationInput } from '@omnihost/core';
import type { ZodType } from 'zod';
import type { AcquiaOperationKey, AcquiaRawCallOptions, AcquiaRequestParams } from './operation-types.js';
import { acquiaOperationTable } from './operations.js';

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
 * The one place a call becomes a request: core's operation table builds it from the generated row (path
 * template, query check, GET/OPTIONS replayable, text codec), the transport sends the JSON body (or `{}`
 * for body-less POSTs) and validates the response with the given schema. A bad key or parameter rejects
 * before anything is sent.
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
      const { path, query, body } = (params ?? {}) as OperationInput;
      const request = acquiaOperationTable.request(
        key,
        { path, query, body, signal: spec.signal, headers: spec.headers, timeoutMs: spec.timeoutMs },
        { schema: spec.schema, name: spec.label },
      );
      return http.request<T>(request);
    },
  };
}
