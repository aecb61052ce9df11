import type { HttpClient, OperationInput } from '@omnihost/core';
import type { ZodType } from 'zod';
import { SITE_FACTORY_OPERATION_TABLE, type SiteFactoryOperationId } from './operations.js';

/** What the request layer needs: the transport. @internal */
export interface ClientContext {
  readonly http: HttpClient;
}

/**
 * Sends one operation of the table through core's operation-table runtime (path template, query check,
 * `limit` against the endpoint's maximum) and validates the 200 body with `schema` (a 200 that carries a
 * known error message is turned into its typed error first, by the error mapping's `successError`).
 * `name` is what errors call the operation (`sites.list` for vocabulary calls, the operationId for raw ones).
 * @internal
 */
export async function requestOperation<T>(
  context: ClientContext,
  operationId: SiteFactoryOperationId,
  input: OperationInput,
  schema: ZodType<T>,
  name: string = operationId,
): Promise<T> {
  const response = await context.http.request(
    SITE_FACTORY_OPERATION_TABLE.request(operationId, input, { schema, name }),
  );
  return response.data;
}

/**
 * {@link requestOperation}, with the response's headers (the `Date` a reconcile reads the factory's clock from).
 * @internal
 */
export async function requestOperationWithHeaders<T>(
  context: ClientContext,
  operationId: SiteFactoryOperationId,
  input: OperationInput,
  schema: ZodType<T>,
  name: string = operationId,
): Promise<{ data: T; headers: Readonly<Record<string, string>> }> {
  const response = await context.http.request(
    SITE_FACTORY_OPERATION_TABLE.request(operationId, input, { schema, name }),
  );
  return { data: response.data, headers: response.headers };
}
