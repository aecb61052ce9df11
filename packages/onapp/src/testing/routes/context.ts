import { SimHttpError, type SimRequest, type SimResponse, type SimRouter } from '@omnihost/core/testing';
import type { OnAppFormat } from '../../codec/onapp-codecs.js';
import type { SimVirtualServer } from '../records.js';
import { UnreadableParams } from '../request-params.js';
import { errorResponse, htmlServerError, type WireFormat } from '../responses.js';
import type { XmlStyle } from '../wire.js';
import type { World } from '../world.js';

/**
 * How the panel treats `?page=&per_page=` on the server list, which its docs leave open (vendors/onapp.md
 * §1.7, "unverified"): `paged` honours them and sends the `X-Page`/`X-Limit`/`X-Total` headers the Go SDK
 * reads; `paged-without-totals` honours them without headers; `ignored` sends every server (old panels).
 * @public
 */
export type ServerListPaging = 'paged' | 'paged-without-totals' | 'ignored';

/** What every route module needs. @internal */
export interface RouteContext {
  readonly world: World;
  readonly style: XmlStyle;
  readonly serverListPaging: ServerListPaging;
  /** Counts an executed mutation (the fault suite's duplicate check). */
  recordExecution(kind: string, callId: string | undefined): void;
}

/** A request with its format resolved from the path suffix. @internal */
export interface OnAppRequest extends SimRequest {
  readonly wire: WireFormat;
}

/** A route handler of the OnApp simulator. @internal */
export type OnAppHandler = (request: OnAppRequest) => SimResponse;

const FORMATS: readonly OnAppFormat[] = ['xml', 'json'];

/**
 * Registers `pattern.:format` ("every call is `{base}/{resource path}.{xml|json}`", vendors/onapp.md §1.1);
 * lists also answer the documented path forms of paging, `…/page/N` and `…/per_page/N`. Every request
 * first brings the transaction queue up to the clock.
 * @internal
 */
export function on(
  router: SimRouter,
  context: RouteContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  pattern: string,
  handler: OnAppHandler,
  options: { readonly paged?: boolean } = {},
): void {
  const run = (request: SimRequest): SimResponse => {
    const format = request.params.format as OnAppFormat;
    if (!FORMATS.includes(format)) return htmlServerError(406);
    const wire: WireFormat = { format, style: context.style };
    context.world.settle();
    try {
      return handler({ ...request, wire });
    } catch (error) {
      if (error instanceof UnreadableParams) {
        return errorResponse(wire, 400, { shape: 'list', messages: [`Bad request: ${error.message}`] });
      }
      throw error;
    }
  };
  router.add(method, `${pattern}.:format`, run);
  if (options.paged) {
    router.add(method, `${pattern}.:format/page/:page`, run);
    router.add(method, `${pattern}.:format/per_page/:per_page`, run);
  }
}

/**
 * A 404 with `message`, in the shape the simulated panel's version uses (vendors/onapp.md §1.8):
 * - current panels (and OnApp's PHP wrapper, which reads only `errors`, and the libcloud fixture of 2017,
 *   `{"errors":["DnsZone not found"]}`): `{"errors":["…"]}`, XML `<errors><error>…</error></errors>`;
 * - a `legacy` (2.x) panel, as recorded in 2011: `{"error":"…"}` on GET and POST, `{"errors":["…"]}` on
 *   DELETE (squall cassettes virtual_machine_show_0 / virtual_machine_delete_0).
 * @internal
 */
export function notFoundWith(request: OnAppRequest, message: string): SimHttpError {
  const legacyString = request.wire.style === 'legacy' && request.method !== 'DELETE';
  return new SimHttpError(
    errorResponse(
      request.wire,
      404,
      legacyString ? { shape: 'string', message } : { shape: 'list', messages: [message] },
    ),
  );
}

/** "Resource not found" (see {@link notFoundWith}). @internal */
export function notFound(request: OnAppRequest): SimHttpError {
  return notFoundWith(request, 'Resource not found');
}

/** 422 with messages (`{"errors":["…"]}`): a request the current state forbids. @internal */
export function unprocessable(request: OnAppRequest, ...messages: string[]): SimHttpError {
  return new SimHttpError(errorResponse(request.wire, 422, { shape: 'list', messages }));
}

/** 422 with field errors (`{"errors":{"label":["can't be blank"]}}`), as newer panels send. @internal */
export function invalidFields(request: OnAppRequest, fields: Record<string, string[]>): SimHttpError {
  return new SimHttpError(errorResponse(request.wire, 422, { shape: 'fields', fields }));
}

/** The server named by `:id` (id or identifier), or 404. @internal */
export function serverParam(context: RouteContext, request: OnAppRequest): SimVirtualServer {
  const server = context.world.server(request.params.id ?? '');
  if (!server) throw notFound(request);
  return server;
}

/** Reads a positive integer from the path form (`/page/2`) or the query (`?page=2`). */
function positive(request: OnAppRequest, name: string): number | undefined {
  const text = request.params[name] ?? request.query.get(name) ?? undefined;
  if (text === undefined || !/^\d{1,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/**
 * One page of a list, newest-first lists included, and the paging headers. With neither `page` nor
 * `per_page` and no default, the whole list (what unpaged OnApp lists return).
 * @internal
 */
export function pageOf<T>(
  request: OnAppRequest,
  items: readonly T[],
  defaultPerPage: number | undefined,
  headers = true,
): { items: readonly T[]; headers: Record<string, string> } {
  const page = positive(request, 'page') ?? 1;
  const perPage = positive(request, 'per_page') ?? defaultPerPage;
  if (perPage === undefined) return { items, headers: {} };
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return {
    items: slice,
    headers: headers ? { 'X-Page': String(page), 'X-Limit': String(perPage), 'X-Total': String(items.length) } : {},
  };
}

/** Adds headers to a response. @internal */
export function withHeaders(response: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}
