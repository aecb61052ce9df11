import {
  createHttpClient,
  DEFAULT_STATUS_TABLE,
  type ErrorMapping,
  type HttpClient,
  type HttpClientOptions,
  noAuth,
} from '../../src/index.js';
import { SimRouter, type SimServer, type SimServerOptions, startSimServer } from '../../src/testing/index.js';

/** A generic JSON error body reader: `{ error, message }`. */
export const testErrorMapping: ErrorMapping = {
  statusTable: DEFAULT_STATUS_TABLE,
  parseBody(body) {
    if (!body || typeof body !== 'object') return {};
    const record = body as Record<string, unknown>;
    return {
      message: typeof record.message === 'string' ? record.message : undefined,
      vendorCode: typeof record.error === 'string' ? record.error : undefined,
      kind: record.error === 'unauthorized' ? 'authentication' : undefined,
    };
  },
};

/** Starts a small JSON API on 127.0.0.1 built with the simulator kit. */
export async function startTestApi(
  configure: (router: SimRouter) => void,
  options: Partial<Omit<SimServerOptions, 'router' | 'responses' | 'name'>> = {},
): Promise<SimServer> {
  const router = new SimRouter();
  configure(router);
  return startSimServer({
    name: 'test',
    router,
    responses: {
      notFound: () => ({ status: 404, json: { error: 'not_found', message: 'no such route' } }),
      throttled: () => ({ status: 429, json: { error: 'too_many_requests', message: 'slow down' } }),
      serverError: (status) => ({ status, json: { error: 'system', message: 'unavailable' } }),
    },
    ...options,
  });
}

/** A client for a test API with fast retries unless overridden. */
export function clientFor(server: { url: string }, options: Partial<HttpClientOptions> = {}): HttpClient {
  return createHttpClient({
    vendor: 'acquia',
    baseUrl: server.url,
    auth: noAuth(),
    errorMapping: testErrorMapping,
    allowInsecureHttp: true,
    retry: { minDelayMs: 5, maxDelayMs: 50 },
    ...options,
  });
}

/** Resolves after `ms`. */
export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
