import type { SiteFactoryOperationId, SiteFactoryOperations } from './operations.js';

type Operation<O extends SiteFactoryOperationId> = SiteFactoryOperations[O];

/** Path parameters of an operation (`never` when it has none). @public */
export type PathParamsOf<O extends SiteFactoryOperationId> =
  Operation<O> extends { parameters: { path: infer P } } ? P : never;

/** Query parameters of an operation (`never` when it has none). @public */
export type QueryOf<O extends SiteFactoryOperationId> =
  Operation<O> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/**
 * JSON request body of an operation (`never` when it has none). The tuple guards the `requestBody?: never`
 * of body-less operations: a bare `never extends ...` would infer `unknown` and accept any body.
 * @public
 */
export type BodyOf<O extends SiteFactoryOperationId> = [NonNullable<Operation<O>['requestBody']>] extends [never]
  ? never
  : NonNullable<Operation<O>['requestBody']> extends { content: { 'application/json': infer B } }
    ? B
    : never;

/** The decoded 200 response of an operation. @public */
export type ResponseOf<O extends SiteFactoryOperationId> = Operation<O>['responses'] extends {
  200: { content: { 'application/json': infer R } };
}
  ? R
  : unknown;

/** Ids may be passed as strings or numbers; both are encoded as one path segment. */
type Loosened<P> = { [K in keyof P]: P[K] | string };

/** What `call()` takes for an operation: path parameters, query, body, and an abort signal. @public */
export type CallInput<O extends SiteFactoryOperationId> = ([PathParamsOf<O>] extends [never]
  ? { path?: undefined }
  : { path: Loosened<PathParamsOf<O>> }) &
  ([QueryOf<O>] extends [never] ? { query?: undefined } : { query?: QueryOf<O> }) &
  ([BodyOf<O>] extends [never] ? { body?: undefined } : { body?: BodyOf<O> }) & {
    signal?: AbortSignal | undefined;
  };

/** `call()`'s arguments: the input is required only when the operation has path parameters. @public */
export type CallArgs<O extends SiteFactoryOperationId> = [PathParamsOf<O>] extends [never]
  ? [input?: CallInput<O>]
  : [input: CallInput<O>];

/**
 * Operations that page with `page`/`limit` and return an array of items. The `[QueryOf<O>] extends [never]`
 * guard keeps out operations without a query (a bare `never` would satisfy any `extends`).
 * @public
 */
export type ListOperationId = {
  [O in SiteFactoryOperationId]: [QueryOf<O>] extends [never]
    ? never
    : 'limit' | 'page' extends keyof QueryOf<O>
      ? [ListItemOf<O>] extends [never]
        ? never
        : O
      : never;
}[SiteFactoryOperationId];

/**
 * One item of a list operation's response: the bare array's item, or the item of the response's array
 * property (`sites`, `backups`). `-?` matters: every property of a spec response is optional, and an
 * optional key would add `undefined` to the item type (and make a map-valued response look like a list).
 * @public
 */
export type ListItemOf<O extends SiteFactoryOperationId> =
  ResponseOf<O> extends readonly (infer Item)[]
    ? Item
    : {
        [K in keyof ResponseOf<O>]-?: NonNullable<ResponseOf<O>[K]> extends readonly (infer Item)[] ? Item : never;
      }[keyof ResponseOf<O>];
