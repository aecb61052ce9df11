import { type SimHandler, SimHttpError, type SimRequest, type SimResponse, SimRouter } from '@omnihost/core/testing';

/** One request a simulator handled and what it answered: for traffic recording and spec checks. @public */
export interface SiteFactoryExchange {
  readonly method: string;
  /** Path without the query string, as sent (percent-encoded). */
  readonly path: string;
  /** Query parameters, every value of each. */
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly bodyText: string;
  /** The route that answered (`GET /api/v1/sites/:site_id`), or `unmatched` for the HTML 404. */
  readonly route: string;
  readonly status: number;
  /** The JSON body, when the response was JSON. */
  readonly json: unknown;
  readonly contentType: string | undefined;
}

/**
 * The simulator's router: before every handler it brings the work pool up to date (so a task that ended
 * between two requests has had its effects), after it dates the answer on the simulator's own clock (the `Date`
 * header, as a factory's web server does: a client reads the factory's time from it), and reports the exchange
 * to an observer.
 */
export class SiteFactoryRouter extends SimRouter {
  constructor(
    private readonly beforeEach: () => void,
    private readonly observe: ((exchange: SiteFactoryExchange) => void) | undefined,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override add(method: string, pattern: string, handler: SimHandler): this {
    const route = `${method.toUpperCase()} ${pattern}`;
    return super.add(method, pattern, async (request) => {
      this.beforeEach();
      let response: SimResponse;
      try {
        response = await handler(request);
      } catch (error) {
        if (!(error instanceof SimHttpError)) throw error;
        response = error.response;
      }
      response = { ...response, headers: { ...response.headers, Date: new Date(this.now()).toUTCString() } };
      this.report(request, route, response);
      return response;
    });
  }

  /** Reports a response produced outside a route (the HTML 404 of an unknown path). */
  report(request: SimRequest, route: string, response: SimResponse): void {
    if (!this.observe) return;
    const query: Record<string, string[]> = {};
    for (const key of new Set(request.query.keys())) query[key] = request.query.getAll(key);
    const headers = response.headers ?? {};
    const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    this.observe({
      method: request.method,
      path: request.path,
      query,
      bodyText: request.bodyText,
      route,
      status: response.status,
      json: response.json,
      contentType: contentType ?? (response.json !== undefined ? 'application/json' : undefined),
    });
  }
}
