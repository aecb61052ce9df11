import type { HttpResponse } from '@omnihost/core';
import type { operations, paths } from '../generated/acquia-api.js';
import type { HandTypedOperations, HandTypedPaths } from './hand-typed-operations.js';

/** Every Acquia Cloud API v2 operation, by operationId: the spec's, plus the hand-typed ones. @public */
export type AcquiaOperations = operations & HandTypedOperations;

/** An operationId of the Acquia Cloud API v2 (`getEnvironment`, `postEnvironmentsSwitchCode`, ...). @public */
export type AcquiaOperationId = keyof AcquiaOperations & string;

/** Every path item of the API (spec + hand-typed). @public */
export type AcquiaPaths = paths & HandTypedPaths;

type LowerMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'patch';

/** The operation at a path and method, or never. */
type OperationAt<P, M> = P extends keyof AcquiaPaths
  ? M extends keyof AcquiaPaths[P]
    ? [NonNullable<AcquiaPaths[P][M]>] extends [never]
      ? never
      : NonNullable<AcquiaPaths[P][M]>
    : never
  : never;

/**
 * An operation named by method and path template, the way the docs show it:
 * `'GET /applications/{applicationUuid}'`.
 * @public
 */
export type AcquiaRoute = {
  [P in keyof AcquiaPaths & string]: {
    [M in LowerMethod]: [OperationAt<P, M>] extends [never] ? never : `${Uppercase<M>} ${P}`;
  }[LowerMethod];
}[keyof AcquiaPaths & string];

/** What `raw.request` accepts as its first argument: an operationId or a route. @public */
export type AcquiaOperationKey = AcquiaOperationId | AcquiaRoute;

/** The operation type for an operationId or a route. @public */
export type AcquiaOperationFor<K extends AcquiaOperationKey> = K extends AcquiaOperationId
  ? AcquiaOperations[K]
  : K extends `${infer M} ${infer P}`
    ? OperationAt<P, Lowercase<M>>
    : never;

type ParametersOf<Op> = Op extends { parameters: infer P } ? P : never;
type PathParamsOf<Op> = ParametersOf<Op> extends { path: infer X } ? X : never;
type QueryParamsOf<Op> = NonNullable<ParametersOf<Op> extends { query?: infer Q } ? Q : never>;
type QueryRequired<Op> = ParametersOf<Op> extends { query: object } ? true : false;

/** Picks the JSON form of a content map (the API takes JSON bodies; the spec also lists form encoding). */
type JsonContent<C> = C extends { 'application/json': infer B }
  ? B
  : C extends { 'application/hal+json': infer B }
    ? B
    : C extends { 'application/x-www-form-urlencoded': infer B }
      ? B
      : C[keyof C];

type BodyOf<Op> = Op extends { requestBody?: infer R }
  ? NonNullable<R> extends { content: infer C }
    ? JsonContent<C>
    : never
  : never;
type BodyRequired<Op> = Op extends { requestBody: { content: object } } ? true : false;

type PathPart<Op> = [PathParamsOf<Op>] extends [never] ? { path?: undefined } : { path: PathParamsOf<Op> };
type QueryPart<Op> = [QueryParamsOf<Op>] extends [never]
  ? { query?: undefined }
  : QueryRequired<Op> extends true
    ? { query: QueryParamsOf<Op> }
    : { query?: QueryParamsOf<Op> };
type BodyPart<Op> = [BodyOf<Op>] extends [never]
  ? { body?: undefined }
  : BodyRequired<Op> extends true
    ? { body: BodyOf<Op> }
    : { body?: BodyOf<Op> };

/**
 * Typed parameters of an operation: `path` (required when the template has placeholders), `query`, and
 * the JSON `body`.
 * @public
 */
export type AcquiaRequestParams<K extends AcquiaOperationKey> = PathPart<AcquiaOperationFor<K>> &
  QueryPart<AcquiaOperationFor<K>> &
  BodyPart<AcquiaOperationFor<K>>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type ContentBody<R> = R extends { content: infer C } ? JsonContent<C> : undefined;

/** The typed success body of an operation (the union of its 2xx responses). @public */
export type AcquiaResponseBody<K extends AcquiaOperationKey> =
  AcquiaOperationFor<K> extends { responses: infer R }
    ? { [S in keyof R & SuccessStatus]: ContentBody<R[S]> }[keyof R & SuccessStatus]
    : never;

/** Per-call options of `raw.request`. @public */
export interface AcquiaRawCallOptions {
  signal?: AbortSignal | undefined;
  /** Extra request headers (never `Authorization`: the transport owns it). */
  headers?: Readonly<Record<string, string>> | undefined;
  timeoutMs?: number | undefined;
}

/** `raw.request`'s arguments after the key: params are optional when the operation needs none. @public */
export type AcquiaRequestArgs<K extends AcquiaOperationKey> =
  Record<string, never> extends AcquiaRequestParams<K>
    ? [params?: AcquiaRequestParams<K>, options?: AcquiaRawCallOptions]
    : [params: AcquiaRequestParams<K>, options?: AcquiaRawCallOptions];

/**
 * The typed vendor client (`provider.raw`): every operation of Acquia's official Cloud API v2 spec, by
 * operationId or by route, with typed path, query and body parameters and typed responses.
 *
 * ```ts
 * const { data } = await provider.raw.request('getEnvironment', { path: { environmentId } });
 * await provider.raw.request('POST /environments/{environmentId}/code/actions/switch', {
 *   path: { environmentId }, body: { branch: 'tags/2.4.0' },
 * });
 * ```
 * @public
 */
export interface AcquiaRawClient {
  request<K extends AcquiaOperationKey>(
    key: K,
    ...args: AcquiaRequestArgs<K>
  ): Promise<HttpResponse<AcquiaResponseBody<K>>>;
  /** Method and path template of every callable operation, by operationId. */
  readonly operations: Readonly<Record<AcquiaOperationId, AcquiaOperationInfo>>;
}

/** Where an operation lives. @public */
export interface AcquiaOperationInfo {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'PATCH';
  readonly path: string;
  /** `json` for (HAL) JSON bodies, `text` for files and HTML. */
  readonly body: 'json' | 'text';
}
