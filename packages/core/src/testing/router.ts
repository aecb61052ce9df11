import type { IncomingHttpHeaders } from 'node:http';

/** A request as a simulator handler sees it. @public */
export interface SimRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded. */
  readonly path: string;
  /** Route parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
  /** The client's `X-Omnihost-Call-Id`: one per logical call, the same on retries. */
  readonly callId: string | undefined;
  /** Set by the vendor's `authenticate` hook: who is calling. */
  credential: string | undefined;
}

/** What a handler returns. `json` is serialised with `application/json` unless headers say otherwise. @public */
export interface SimResponse {
  status: number;
  headers?: Record<string, string> | undefined;
  body?: string | Buffer | undefined;
  json?: unknown;
}

/** A route handler. Throw {@link SimHttpError} to answer with an error response. @public */
export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** Thrown by handlers to answer with a given response. @public */
export class SimHttpError extends Error {
  constructor(readonly response: SimResponse) {
    super(`simulated HTTP ${response.status}`);
  }
}

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: SimHandler;
}

/**
 * Method + path-pattern routing: `/api/v1/sites/:id`, `/stacks/:uid/deployments.json`. Parameters match
 * one segment (`[^/]+`), so an encoded `%2F` in an id stays inside its parameter.
 * @public
 */
export class SimRouter {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: SimHandler): this {
    const names: string[] = [];
    const source = pattern
      .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1));
          return '([^/]+?)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    this.routes.push({ method: method.toUpperCase(), pattern, regex: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  get(pattern: string, handler: SimHandler): this {
    return this.add('GET', pattern, handler);
  }
  post(pattern: string, handler: SimHandler): this {
    return this.add('POST', pattern, handler);
  }
  put(pattern: string, handler: SimHandler): this {
    return this.add('PUT', pattern, handler);
  }
  delete(pattern: string, handler: SimHandler): this {
    return this.add('DELETE', pattern, handler);
  }

  /** The route for a request, or `'method-not-allowed'` when the path exists under another method. */
  match(
    method: string,
    path: string,
  ): { handler: SimHandler; params: Record<string, string>; pattern: string } | 'method-not-allowed' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? '');
      });
      return { handler: route.handler, params, pattern: `${route.method} ${route.pattern}` };
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

/**
 * A path as nginx and Rails route it: repeated slashes squeezed to one (nginx's `merge_slashes`, on by
 * default; Rails' `Journey::Router::Utils.normalize_path` does the same) and a trailing slash dropped
 * (Rails routes `/stacks/` as `/stacks`). Encoded slashes (`%2F`) are not slashes here and stay. Cloud 66's
 * Go library asks for `…/files//tar.json`; OnApp's PHP wrapper for `http://panel//version.json` when its
 * URL ends in `/` (issue 14).
 * @public
 */
export function normalizeSimPath(path: string): string {
  const squeezed = path.replace(/\/{2,}/g, '/');
  return squeezed.length > 1 && squeezed.endsWith('/') ? squeezed.slice(0, -1) : squeezed;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
