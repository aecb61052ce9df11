import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AxiosAdapter, AxiosInstance, AxiosRequestConfig, InternalAxiosRequestConfig } from 'axios';
import { ValidationError } from '../errors/error-classes.js';
import { isOmnihostError, markOutcome, type OmnihostError } from '../errors/omnihost-error.js';
import { scrubError } from '../errors/scrub-error.js';
import { scrubDeep } from '../util/redact.js';
import { VERSION } from '../util/version.js';
import { boundedAttempt } from './bounded-attempt.js';
import { type CallContext, classifyError, plainHeaders, requestIdFrom } from './classify-error.js';
import { jsonCodec } from './json-codec.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from './limits.js';
import { loadAxios } from './load-axios.js';
import { outcomeOf } from './outcome.js';
import { type RateLimiter, sharedRateLimiter } from './rate-limiter.js';
import { decideRetry, resolveRetryOptions } from './retry-policy.js';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, QueryValue, TransportStats } from './types.js';
import { parseBaseUrl, resolveUnderBase } from './url-guard.js';
import { validateResponse } from './validate-response.js';

/** Header carrying the id of a logical call (stable across retries). @public */
export const CALL_ID_HEADER = 'X-Omnihost-Call-Id';
const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid'];

/**
 * Creates the transport every vendor package is built on. A call passes these stages, in this order:
 *
 * 1. **URL guard**: the path is resolved under `baseUrl` and must stay on its origin and path; `http://`
 *    is refused unless `allowInsecureHttp` (checked once, at creation). Redirects must stay there too.
 * 2. **Encode**: query string, codec `Accept`/`Content-Type`, body (or the vendor's empty body),
 *    `User-Agent: omnihost/<version>`.
 * 3. **Per attempt** (runs again for every retry):
 *    a. **rate limiter**: wait for a slot in the account's sliding-window budget;
 *    b. **auth**: ask the strategy for the `Authorization` header (OAuth2 refreshes here);
 *    c. **send**, bounded by `timeoutMs` from the first byte sent to the last byte of the body received.
 *    The limiter comes before auth, not after as DESIGN.md draws it: a token fetched before a long
 *    queue wait could expire while queued.
 * 4. **Retry** (axios-retry): the failure is classified first, then {@link decideRetry} decides;
 *    throttling also pauses the shared limiter for `Retry-After`, so the whole account backs off.
 * 5. **Auth replay**: a 401 (or what the vendor's error mapping calls an authentication failure)
 *    invalidates the token once and replays the call; a second one surfaces.
 * 6. **Decode and validate**: codec, then the zod schema; failures are {@link ResponseValidationError}.
 * 7. **Error mapping**: status table → vendor body → typed error. For a request that is not replayable
 *    (a POST that starts work), the error says whether the work may have started (`outcome`). Last, every
 *    string of the error is scrubbed of every known secret, in every spelling the library produced.
 * @public
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { vendor, auth, errorMapping } = options;
  const base = parseBaseUrl(options.baseUrl, vendor, options.allowInsecureHttp === true);
  const codec = options.codec ?? jsonCodec;
  const retryOptions = resolveRetryOptions(options.retry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const limiter: RateLimiter | undefined =
    options.rateLimit === false
      ? undefined
      : (options.limiter ??
        (options.rateLimit
          ? sharedRateLimiter(
              options.rateLimit.key ?? `${vendor}|${base.host}|${auth.accountKey}`,
              options.rateLimit.limit,
              options.rateLimit.windowMs,
            )
          : undefined));
  const userAgent = `omnihost/${VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`;
  const counters = { requests: 0, retries: 0, throttled: 0, failures: 0, authReplays: 0, limiterWaitMs: 0 };

  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    rejectUnauthorized: options.allowSelfSignedCertificates !== true,
  });
  const basePrefix = `${base.pathname.replace(/\/+$/, '')}/`;
  let axiosReady:
    | Promise<{ instance: AxiosInstance; httpAdapter: AxiosAdapter; timeoutError: TimeoutFactory }>
    | undefined;
  const getAxios = () => {
    axiosReady ??= loadAxios().then(({ axios, axiosRetry }) => {
      const instance = axios.create({
        // The deadline is ours (boundedAttempt): axios' own timer stops when the headers arrive (follow-redirects
        // clears it), which let a server dripping the body hold a call open for as long as it liked.
        timeout: 0,
        maxContentLength: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        maxBodyLength: 16 * 1024 * 1024,
        responseType: 'text',
        // Bodies are encoded and decoded by our codec; axios must not guess.
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: (status) => status >= 200 && status < 300,
        maxRedirects: 5,
        // follow-redirects would otherwise follow a vendor's redirect anywhere, Authorization header and all.
        // It must not follow one off the base URL's path either: a 307/308 would re-send a POST's body there.
        beforeRedirect: (redirect: Record<string, unknown>) => {
          if (`${String(redirect.protocol)}//${String(redirect.host)}` !== base.origin) {
            throw new ValidationError(`${vendor}: refusing to follow a redirect to another host`, { vendor });
          }
          const path = String(redirect.path ?? redirect.pathname ?? '');
          if (!path.startsWith(basePrefix) || path.split(/[/?]/).some((segment) => segment === '..')) {
            throw new ValidationError(`${vendor}: refusing to follow a redirect outside the base URL's path`, {
              vendor,
            });
          }
        },
        // Loopback simulators and keep-alive agents: never route 127.0.0.1 through an environment proxy.
        proxy: false,
        httpAgent,
        httpsAgent,
      });
      axiosRetry(instance, { retries: 0 });
      const httpAdapter = axios.getAdapter('http') as AxiosAdapter;
      const timeoutError: TimeoutFactory = (message, config) => new axios.AxiosError(message, 'ETIMEDOUT', config);
      return { instance, httpAdapter, timeoutError };
    });
    return axiosReady;
  };

  async function send<T>(
    request: HttpRequest<T>,
    callId: string,
    replayed: boolean,
    progress: CallProgress,
  ): Promise<HttpResponse<T>> {
    const { instance, httpAdapter, timeoutError } = await getAxios();
    const requestCodec = request.codec ?? codec;
    const url = resolveUnderBase(base, withQuery(request.path, request.query), {
      vendor,
      operation: request.operation,
    });
    const call: CallContext = {
      vendor,
      operation: request.operation,
      method: request.method,
      path: url.pathname,
      codec: requestCodec,
      errorMapping,
      // Read when an error is built, not now: an OAuth2 token fetched during this call (the first call's,
      // or a refresh) must be scrubbed from what the vendor echoes back.
      get secrets() {
        return auth.secrets();
      },
      requestIdHeaders,
      timeoutMs: request.timeoutMs ?? timeoutMs,
    };
    const body = request.body !== undefined ? request.body : options.emptyBody?.[request.method];
    const replayable = isReplayable(request);
    const state = { waitedMs: 0, nextDelayMs: 0, authHeader: undefined as string | undefined };
    const started = performance.now();

    // Stage 3: runs for the first attempt and again for every retry axios-retry makes.
    const attempt: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
      let release: (() => void) | undefined;
      if (limiter) {
        const queued = performance.now();
        release = await limiter.acquire(request.signal);
        counters.limiterWaitMs += performance.now() - queued;
      }
      try {
        state.authHeader = await auth.authorize(request.signal);
        if (state.authHeader) config.headers.set('Authorization', state.authHeader);
        counters.requests += 1;
        progress.sent = true;
        return await boundedAttempt(httpAdapter, config, call.timeoutMs, timeoutError);
      } finally {
        release?.();
      }
    };

    const config: AxiosRequestConfig & { 'axios-retry': Record<string, unknown> } = {
      method: request.method,
      url: url.href,
      adapter: attempt,
      signal: request.signal,
      headers: {
        Accept: requestCodec.accept,
        'User-Agent': userAgent,
        // One id per logical call, the same on every retry and replay: vendors ignore it, and the
        // simulators use it to prove no call was executed twice.
        [CALL_ID_HEADER]: callId,
        ...options.headers,
        ...(body !== undefined ? { 'Content-Type': requestCodec.contentType } : {}),
        ...request.headers,
      },
      data: body === undefined ? undefined : requestCodec.encode(body),
      'axios-retry': {
        retries: retryOptions.retries,
        retryCondition: (error: unknown) => {
          const failure = classifyError(error, call);
          const decision = decideRetry({
            error: failure,
            retriesSoFar: retriesOf(error),
            waitedMs: state.waitedMs,
            replayable,
            options: retryOptions,
          });
          if (!decision.retry) return false;
          state.nextDelayMs = decision.delayMs;
          if (decision.throttled) {
            counters.throttled += 1;
            // A shared limiter may pause through Redis: do not hold the retry for it, and never let it throw here.
            void Promise.resolve(limiter?.pauseFor(decision.delayMs)).catch(() => undefined);
          }
          log('warn', 'omnihost: retrying', {
            vendor,
            operation: request.operation,
            method: request.method,
            path: url.pathname,
            status: failure.status,
            error: failure.name,
            delayMs: decision.delayMs,
          });
          return true;
        },
        retryDelay: () => state.nextDelayMs,
        onRetry: () => {
          counters.retries += 1;
          state.waitedMs += state.nextDelayMs;
        },
      },
    };

    let response: Awaited<ReturnType<typeof instance.request<string>>>;
    try {
      response = await instance.request<string>(config);
    } catch (error) {
      const failure = classifyError(error, call);
      // Stage 5: one replay with a fresh token, only for strategies that can get one. Only a rejection by
      // the API itself counts: a failed token request already is the answer to "get a new token".
      const rejectedByApi = failure.operation === request.operation && failure.status !== undefined;
      if (failure.name === 'AuthenticationError' && rejectedByApi && !replayed && auth.invalidate(state.authHeader)) {
        counters.authReplays += 1;
        return send(request, callId, true, progress);
      }
      throw failure;
    }

    const headers = plainHeaders(response.headers);
    const requestId = requestIdFrom(headers, requestIdHeaders, call.secrets);
    const data = validateResponse(response.data, { status: response.status, headers }, request.schema, call, requestId);
    options.onResponse?.({
      operation: request.operation,
      method: request.method,
      path: url.pathname,
      status: response.status,
      headers,
    });
    log('debug', 'omnihost: response', {
      vendor,
      operation: request.operation,
      method: request.method,
      path: url.pathname,
      status: response.status,
      durationMs: Math.round(performance.now() - started),
    });
    return { status: response.status, data, headers, requestId };
  }

  return {
    vendor,
    baseUrl: base.href,
    async request<T>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
      const progress: CallProgress = { sent: false };
      try {
        return await send(request, randomUUID(), false, progress);
      } catch (error) {
        counters.failures += 1;
        const failure = isOmnihostError(error) ? error : classifyError(error, fallbackContext(request));
        if (!isReplayable(request) && failure.outcome === undefined)
          markOutcome(failure, outcomeOf(failure, progress.sent));
        scrubError(failure, auth.secrets());
        logFailure(failure);
        throw failure;
      }
    },
    stats(): TransportStats {
      return { ...counters, limiterWaitMs: Math.round(counters.limiterWaitMs) };
    },
  };

  function fallbackContext(request: HttpRequest<unknown>): CallContext {
    return {
      vendor,
      operation: request.operation,
      method: request.method,
      path: request.path.split('?')[0] ?? request.path,
      codec,
      errorMapping,
      get secrets() {
        return auth.secrets();
      },
      requestIdHeaders,
      timeoutMs,
    };
  }

  function logFailure(failure: OmnihostError): void {
    log('debug', 'omnihost: request failed', {
      vendor,
      operation: failure.operation,
      method: failure.method,
      path: failure.path,
      status: failure.status,
      error: failure.name,
      outcome: failure.outcome,
      message: failure.message,
    });
  }

  /** Every log line goes out with its strings scrubbed, whatever the fields hold. */
  function log(level: 'debug' | 'warn', message: string, fields: Record<string, unknown>): void {
    const logger = options.logger?.[level];
    if (logger) logger.call(options.logger, message, scrubDeep(fields, auth.secrets()) as Record<string, unknown>);
  }
}

/** Whether a call has sent its request yet (per logical call, across retries and the auth replay). */
interface CallProgress {
  sent: boolean;
}

/** Makes the AxiosError a deadline raises, so axios-retry sees a timeout like any other. */
type TimeoutFactory = (message: string, config: InternalAxiosRequestConfig) => Error;

/** Whether a request may be sent again after it may have reached the server. */
function isReplayable(request: HttpRequest<unknown>): boolean {
  return request.idempotent ?? (request.method === 'GET' || request.method === 'OPTIONS');
}

/** axios-retry keeps its retry count on the config; read it from the failed attempt's config. */
function retriesOf(error: unknown): number {
  const config = (error as { config?: Record<string, unknown> } | undefined)?.config;
  const state = config?.['axios-retry'] as { retryCount?: number } | undefined;
  return state?.retryCount ?? 0;
}

function withQuery(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  if (!text) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}
