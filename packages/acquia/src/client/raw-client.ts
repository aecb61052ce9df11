import type { HttpResponse } from '@omnihost/core';
import type { OperationCaller } from './operation-caller.js';
import type {
  AcquiaOperationKey,
  AcquiaRawCallOptions,
  AcquiaRawClient,
  AcquiaRequestArgs,
  AcquiaRequestParams,
  AcquiaResponseBody,
} from './operation-types.js';
import { ACQUIA_OPERATIONS, acquiaOperationTable } from './operations.js';
import { RAW_RESPONSE_SCHEMAS } from './response-schemas.js';

/**
 * Builds `provider.raw`. Bodies are JSON-decoded by the transport; the operations the vocabulary uses are
 * also validated against the adapter's zod schemas (unknown fields kept, numeric strings coerced).
 * Responses of the other operations are typed from the spec but not shape-checked at run time.
 * @internal
 */
export function createAcquiaRawClient(caller: OperationCaller): AcquiaRawClient {
  return {
    operations: ACQUIA_OPERATIONS,
    request<K extends AcquiaOperationKey>(
      key: K,
      ...args: AcquiaRequestArgs<K>
    ): Promise<HttpResponse<AcquiaResponseBody<K>>> {
      const [params, options] = args as [AcquiaRequestParams<K> | undefined, AcquiaRawCallOptions | undefined];
      const id = acquiaOperationTable.lookup(key)?.id;
      const schema = id ? RAW_RESPONSE_SCHEMAS[id] : undefined;
      // The schema's output is the validated payload; its static type is the spec's, which the schema
      // checks a subset of (the fields the adapter relies on).
      return caller.call(key, params, { ...options, schema }) as Promise<HttpResponse<AcquiaResponseBody<K>>>;
    },
  };
}
