import type { HttpClient, HttpResponse } from '@omnihost/core';
import type { OperationCaller } from '../../src/client/operation-caller.js';

/** One call a service made: the operation and its parameters. */
export interface FakeCall {
  readonly key: string;
  readonly params: { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined;
}

/**
 * An operation caller that answers from a function instead of the network, for the paging edge cases the
 * simulator does not produce (a page of deleted backups, applications without environments). Answers go
 * through the call's schema, as the transport's would; a thrown error is the call's failure.
 */
export function fakeCaller(answer: (call: FakeCall) => unknown): OperationCaller & { readonly calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  return {
    calls,
    http: undefined as unknown as HttpClient,
    async call(key, params, spec) {
      const call: FakeCall = { key, params: params as FakeCall['params'] };
      calls.push(call);
      const payload = answer(call);
      const data = spec.schema ? spec.schema.parse(payload) : payload;
      return { status: 200, data, headers: {}, requestId: undefined } as HttpResponse<never>;
    },
  };
}

/** A HAL collection envelope of `items`. */
export function halItems(items: readonly unknown[]): { total: number; _embedded: { items: readonly unknown[] } } {
  return { total: items.length, _embedded: { items } };
}
