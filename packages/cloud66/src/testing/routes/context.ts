import type { SimHandler, SimRequest, SimResponse, SimRouter } from '@omnihost/core/testing';
import type { Cloud66Scope } from '../../constants.js';
import { type Caller, requireScope, type TokenRegistry } from '../auth.js';
import type { LinkSigner } from '../downloads.js';
import type { StackSeed } from '../fleet.js';
import { requestedPage } from '../request-params.js';
import { ok, okPage } from '../responses.js';
import type { Cloud66World, LazyList } from '../world.js';

/** What route handlers share. */
export interface RouteContext {
  readonly world: Cloud66World;
  readonly tokens: TokenRegistry;
  readonly signer: LinkSigner;
  /** The simulator's origin (`http://127.0.0.1:port`), known once the server listens. */
  origin(): string;
}

/** The API prefix every documented path sits under. */
export const API_PREFIX = '/api/3';

/**
 * Registers a route under `/api/3`, with and without the `.json` suffix: the docs show both, the Go
 * client always sends `.json` except on `POST /stacks` (vendor notes §1). The suffixed form goes first
 * so `:param.json` never reads `.json` as part of the id.
 */
export function route(router: SimRouter, method: string, path: string, handler: SimHandler): void {
  router.add(method, `${API_PREFIX}${path}.json`, handler);
  router.add(method, `${API_PREFIX}${path}`, handler);
}

/** The caller, checked for a scope. */
export function callerWith(context: RouteContext, request: SimRequest, scope: Cloud66Scope = 'public'): Caller {
  const caller = context.tokens.caller(request);
  // `public` is what every token has: the docs call "no scope" public (read-only).
  if (scope !== 'public') requireScope(caller, scope);
  return caller;
}

/** The caller and the stack named by `:uid`; 404 for a stack of another account. */
export function stackFor(
  context: RouteContext,
  request: SimRequest,
  scope: Cloud66Scope = 'public',
): { caller: Caller; stack: StackSeed } {
  const caller = callerWith(context, request, scope);
  return { caller, stack: context.world.visibleStack(request.params.uid ?? '', caller.accountId) };
}

/** Headers every successful answer carries. */
function successHeaders(context: RouteContext): Record<string, string> | undefined {
  const warning = context.world.warning;
  return warning ? { 'X-Cloud66-Warning': warning } : undefined;
}

/** `{ "response": … }`. */
export function reply(context: RouteContext, response: unknown): SimResponse {
  return ok(response, successHeaders(context));
}

/** One page of a list. */
export function replyPage<T>(
  context: RouteContext,
  request: SimRequest,
  items: readonly T[] | LazyList<T>,
): SimResponse {
  return okPage(items, requestedPage(request.query), successHeaders(context), context.world.backLinkField);
}

/** An id from the path that must be a positive integer (else 404, as an unknown record). */
export function numericParam(request: SimRequest, name: string): number {
  const text = request.params[name] ?? '';
  return /^\d{1,15}$/.test(text) ? Number(text) : -1;
}
