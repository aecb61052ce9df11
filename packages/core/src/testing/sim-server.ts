import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimClock } from './clock.js';
import { systemClock } from './clock.js';
import { type FaultKind, FaultPlan, type FaultTuning, type RandomFaultOptions, type ScriptedFault } from './faults.js';
import { normalizeSimPath, SimHttpError, type SimRequest, type SimResponse, type SimRouter } from './router.js';
import { SimRateLimiter, type SimRateLimitOptions } from './sim-rate-limit.js';

/** The vendor-specific bodies a simulator answers with for conditions the shared server detects. @public */
export interface SimVendorResponses {
  /** No route for the path. */
  notFound(request: SimRequest): SimResponse;
  /** Throttled: status (429, or 503 for Cloud 66) and body; the server adds `Retry-After`. */
  throttled(retryAfterSeconds: number): SimResponse;
  /** An injected 5xx. */
  serverError(status: number): SimResponse;
}

/** Options of {@link startSimServer}. @public */
export interface SimServerOptions {
  /** Shown in logs and errors. */
  name: string;
  router: SimRouter;
  responses: SimVendorResponses;
  /** Returns an error response to reject the caller, or undefined to accept (setting `credential`). */
  authenticate?: ((request: SimRequest) => SimResponse | undefined) | undefined;
  /** Expires the caller's token (the `auth-expiry` fault). */
  expireCredentials?: ((request: SimRequest) => void) | undefined;
  port?: number | undefined;
  rateLimit?: SimRateLimitOptions | false | undefined;
  faults?: (RandomFaultOptions & FaultTuning) | undefined;
  /** Added to every response (a network's round trip). Default 0. */
  latencyMs?: number | undefined;
  clock?: SimClock | undefined;
  /** Largest request body accepted. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
  /**
   * Route `//a//b/` as `/a/b` ({@link normalizeSimPath}), for vendors whose servers do: Rails apps behind
   * nginx (Cloud 66, OnApp). Default false: the path is routed as sent, so `//a` is not `/a`.
   */
  normalizePaths?: boolean | undefined;
  /**
   * Whose budget a request spends under `rateLimit`. Default: its `Authorization` header. A vendor whose
   * limit is per account, not per token, returns the account (Acquia: the API key's client id, so new
   * tokens do not bring a new budget). Called before `authenticate`; must not throw.
   */
  rateLimitKey?: ((request: SimRequest) => string) | undefined;
}

/** What a simulator counted. @public */
export interface SimStats {
  requests: number;
  /** Requests per route pattern (`GET /api/v1/sites/:id`), unknown routes under `unmatched`. */
  byRoute: Record<string, number>;
  throttled: number;
  faults: Partial<Record<FaultKind, number>>;
  /** Mutations executed, by kind (what `recordExecution` was told). */
  executions: Record<string, number>;
  /** Keys recorded more than once with `recordExecution(kind, key)`: work done twice. */
  duplicateExecutions: string[];
  /** Most requests one caller sent within one rate-limit window (throttled ones included). */
  maxRequestsInWindow: number;
  /** Handler crashes (simulator bugs), answered with 500. */
  handlerErrors: number;
  /** Clock time of the first and last request received (rate measurements). */
  firstRequestAt: number | undefined;
  lastRequestAt: number | undefined;
}

/** A running simulator server. @public */
export interface SimServer {
  readonly url: string;
  readonly port: number;
  readonly clock: SimClock;
  /** Scripted faults: `inject({ kind: 'throttle', count: 3 })`. */
  inject(fault: ScriptedFault): void;
  /** Random faults at a rate (or `undefined` to stop). */
  setRandomFaults(options: (RandomFaultOptions & FaultTuning) | undefined): void;
  clearFaults(): void;
  setRateLimit(options: SimRateLimitOptions | false): void;
  /**
   * Counts an executed mutation. Pass the request's `callId` as `key`: the same logical call executed
   * twice (a retried POST that had already run) shows up in `duplicateExecutions`.
   */
  recordExecution(kind: string, key?: string): void;
  stats(): SimStats;
  resetStats(): void;
  close(): Promise<void>;
}

/**
 * The HTTP server every vendor simulator is built on: real HTTP on 127.0.0.1, routing, the vendor's
 * auth hook, server-side rate limiting with `Retry-After`, the common fault knobs, and counters.
 *
 * Per request: read body → fault draw → rate limit → auth → route → handler → after-faults → latency.
 * @public
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const clock = options.clock ?? systemClock;
  const plan = new FaultPlan();
  let tuning: FaultTuning = options.faults ?? {};
  plan.setRandom(options.faults);
  let limiter = options.rateLimit ? new SimRateLimiter(options.rateLimit) : undefined;
  const sockets = new Set<Socket>();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let stats = emptyStats();
  const executed = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      stats.handlerErrors += 1;
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('simulator error');
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const bodyText = await readBody(req, maxBody);
    const url = requestUrl(req.url);
    const path = options.normalizePaths ? normalizeSimPath(url.pathname) : url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const request: SimRequest = {
      method,
      path,
      params: {},
      query: url.searchParams,
      headers: req.headers,
      bodyText: bodyText ?? '',
      callId: typeof req.headers['x-omnihost-call-id'] === 'string' ? req.headers['x-omnihost-call-id'] : undefined,
      credential: undefined,
    };
    stats.requests += 1;
    const arrivedAt = clock.now();
    stats.firstRequestAt ??= arrivedAt;
    stats.lastRequestAt = arrivedAt;
    if (bodyText === undefined) return send(res, { status: 413, body: 'request body too large' });

    const fault = plan.pick({ method, path });
    if (fault) stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'server-error') {
      const statuses = tuning.serverErrorStatuses ?? [500, 502, 503, 504];
      const status = fault.status ?? (statuses[Math.floor(plan.draw() * statuses.length)] as number);
      return send(res, scripted(options.responses.serverError(status), fault));
    }
    if (fault?.kind === 'throttle')
      return send(res, scripted(throttled(tuning.retryAfterSeconds ?? 1, fault.status), fault));

    const key = options.rateLimitKey?.(request) ?? String(req.headers.authorization ?? 'anonymous');
    if (limiter) {
      const waitMs = limiter.check(key, clock.now());
      stats.maxRequestsInWindow = limiter.maxArrivalsInWindow;
      if (waitMs > 0) return send(res, throttled(Math.max(1, Math.ceil(waitMs / 1000))));
    }
    if (fault?.kind === 'auth-expiry') options.expireCredentials?.(request);
    const denied = options.authenticate?.(request);
    if (denied) return send(res, denied);

    const route = options.router.match(method, path);
    const routeName = typeof route === 'object' ? route.pattern : 'unmatched';
    stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
    let response: SimResponse;
    if (typeof route !== 'object') response = options.responses.notFound(request);
    else {
      try {
        response = await route.handler({ ...request, params: route.params });
      } catch (error) {
        if (!(error instanceof SimHttpError)) throw error;
        response = error.response;
      }
    }
    if (fault?.kind === 'reset-after') return void req.socket.destroy();
    if (fault?.kind === 'server-error-after') {
      const statuses = tuning.serverErrorStatuses ?? [500, 502, 503, 504];
      const status = fault.status ?? (statuses[Math.floor(plan.draw() * statuses.length)] as number);
      return send(res, scripted(options.responses.serverError(status), fault));
    }
    if (fault?.kind === 'broken-body') return sendBroken(req, res, response, plan.draw());
    if (fault?.kind === 'malformed') response = malformed(response, plan.draw());
    if (fault?.kind === 'slow') await delay(tuning.slowMs ?? 1500);
    if (options.latencyMs) await delay(options.latencyMs);
    send(res, response);
  }

  function throttled(retryAfterSeconds: number, status?: number): SimResponse {
    stats.throttled += 1;
    const response = options.responses.throttled(retryAfterSeconds);
    const asDate = tuning.retryAfterAsDate || (limiter?.options.retryAfterAsDate ?? false);
    const retryAfter = asDate
      ? new Date(Date.now() + retryAfterSeconds * 1000).toUTCString()
      : String(retryAfterSeconds);
    return {
      ...response,
      status: status ?? response.status,
      headers: { ...response.headers, 'Retry-After': retryAfter },
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    clock,
    inject: (fault) => plan.inject(fault),
    setRandomFaults(random) {
      tuning = random ?? {};
      plan.setRandom(random);
    },
    clearFaults: () => plan.clear(),
    setRateLimit(rateLimit) {
      limiter = rateLimit ? new SimRateLimiter(rateLimit) : undefined;
    },
    recordExecution(kind, key) {
      stats.executions[kind] = (stats.executions[kind] ?? 0) + 1;
      if (key === undefined) return;
      const id = `${kind}:${key}`;
      if (executed.has(id)) stats.duplicateExecutions.push(id);
      executed.add(id);
    },
    stats: () => structuredClone(stats),
    resetStats() {
      stats = emptyStats();
      executed.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function emptyStats(): SimStats {
  return {
    requests: 0,
    byRoute: {},
    throttled: 0,
    faults: {},
    executions: {},
    duplicateExecutions: [],
    maxRequestsInWindow: 0,
    handlerErrors: 0,
    firstRequestAt: undefined,
    lastRequestAt: undefined,
  };
}

function send(res: http.ServerResponse, response: SimResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body: string | Buffer | undefined = response.body;
  if (response.json !== undefined && body === undefined) {
    body = JSON.stringify(response.json);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

/** A scripted fault's own body and headers, over the vendor's usual answer. */
function scripted(response: SimResponse, fault: ScriptedFault): SimResponse {
  if (fault.body === undefined && fault.headers === undefined) return response;
  return {
    status: response.status,
    headers: { ...response.headers, ...fault.headers },
    body: fault.body ?? response.body,
    json: fault.body === undefined ? response.json : undefined,
  };
}

/** Sends a success whose body breaks in transit: cut halfway (then the connection drops), or bad gzip. */
function sendBroken(req: http.IncomingMessage, res: http.ServerResponse, response: SimResponse, draw: number): void {
  const text =
    response.body !== undefined ? Buffer.from(response.body) : Buffer.from(JSON.stringify(response.json ?? {}));
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...response.headers };
  if (draw < 0.5) {
    res.writeHead(response.status, { ...headers, 'Content-Length': String(Math.max(2, text.length)) });
    res.write(text.subarray(0, Math.floor(text.length / 2)));
    setTimeout(() => req.socket.destroy(), 10);
    return;
  }
  res.writeHead(response.status, { ...headers, 'Content-Encoding': 'gzip' });
  res.end(text);
}

/** A body broken the ways real APIs break: cut short, an HTML error page, or nothing. */
function malformed(response: SimResponse, draw: number): SimResponse {
  const text =
    response.body !== undefined
      ? String(response.body)
      : response.json !== undefined
        ? JSON.stringify(response.json)
        : '';
  if (draw < 0.34) {
    return { status: 200, headers: response.headers, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  }
  if (draw < 0.67) {
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: '<!DOCTYPE html><html><head><title>Gateway</title></head><body>upstream error</body></html>',
    };
  }
  return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '' };
}

function readBody(req: http.IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The request target as a URL. An origin-form target (`/a?b`) is appended to the origin rather than
 * resolved against it: resolved, `//version.json` would name the host `version.json`.
 */
function requestUrl(target: string | undefined): URL {
  const text = target ?? '/';
  try {
    return text.startsWith('/') ? new URL(`http://127.0.0.1${text}`) : new URL(text, 'http://127.0.0.1');
  } catch {
    return new URL('http://127.0.0.1/');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
