import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { z } from 'zod';
import { abortable, sleep } from '../errors/abort.js';
import { AuthenticationError, RateLimitError, ServerError } from '../errors/error-classes.js';
import type { OmnihostError } from '../errors/omnihost-error.js';
import { scrubError } from '../errors/scrub-error.js';
import type { AuthStrategy } from '../http/auth-strategy.js';
import { boundedAttempt } from '../http/bounded-attempt.js';
import { type CallContext, classifyError } from '../http/classify-error.js';
import { jsonCodec } from '../http/json-codec.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../http/limits.js';
import { loadAxios } from '../http/load-axios.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { decideRetry, resolveRetryOptions } from '../http/retry-policy.js';
import type { RetryOptions } from '../http/types.js';
import { parseBaseUrl } from '../http/url-guard.js';
import { globalSingleton } from '../util/global-registry.js';
import type { Logger } from '../util/logger.js';
import { scrubAndCut, scrubDeep, scrubSecrets } from '../util/redact.js';
import type { VendorId } from '../vendors/table.js';
import { fingerprint } from './static-auth.js';

/** Options of {@link oauth2ClientCredentials}. @public */
export interface OAuth2ClientCredentialsOptions {
  vendor: VendorId;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent as `scope` (Acquia: `organization:<uuid>` for SSO organisations). */
  scope?: string | undefined;
  /** Refresh this long before the token expires (capped at a quarter of its lifetime). Default 60 s. */
  expirySkewMs?: number | undefined;
  /** Lifetime assumed when the server sends no `expires_in`. Default 300 s (Acquia's documented lifetime). */
  defaultLifetimeMs?: number | undefined;
  allowInsecureHttp?: boolean | undefined;
  /** Bounds each token request, headers and body, as `timeoutMs` bounds API calls. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Largest token response accepted (decompressed), as for API calls. Default 32 MiB. */
  maxResponseBytes?: number | undefined;
  logger?: Logger | undefined;
  userAgent?: string | undefined;
  /** Retries of the token request (the same policy and defaults as API calls). */
  retry?: RetryOptions | undefined;
}

interface IssuedToken {
  readonly accessToken: string;
  readonly refreshAt: number;
}

/** The one token request in flight for an entry, and how many callers still wait for it. */
interface TokenFlight {
  readonly promise: Promise<IssuedToken>;
  readonly controller: AbortController;
  waiters: number;
  settled: boolean;
}

/** One cache entry per token URL + client + scope + secret fingerprint. */
interface TokenEntry {
  token: IssuedToken | undefined;
  inflight: TokenFlight | undefined;
  /** Recently issued tokens, kept only so they can be scrubbed from output. */
  recent: string[];
  requests: number;
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+$/)
        .transform(Number),
    ])
    .optional(),
  token_type: z.string().optional(),
});

/**
 * The shortest a token is kept before it is fetched again. A server answering `expires_in: 0` (or less) gets
 * its token used for the calls at hand, then replaced after this long: not one token request per call. A
 * token that really is spent meets a 401, which refreshes once and replays.
 */
const TOKEN_REUSE_FLOOR_MS = 5_000;

/**
 * OAuth2 client credentials (RFC 6749 §4.4), as Acquia Cloud uses it.
 *
 * - Tokens are cached process-wide per token URL + client id + scope, and a fingerprint of the secret, so
 *   a wrong secret never borrows a token another caller obtained with the right one.
 * - A token is refreshed before it expires (skew), and however many callers need one at that moment,
 *   exactly one token request is in flight; the others wait on it.
 * - `invalidate()` drops the token only if it is the one that was rejected, so fifty concurrent 401s
 *   cause one refresh, not fifty.
 * - Token errors are read in both the OAuth shape (`error`, `error_description`) and Okta's
 *   (`errorCode`, `errorSummary`), which Acquia's identity provider sometimes returns
 *   (typhonius/acquia-php-sdk-v2 PR #506).
 * - The token request is bounded like an API call: the same whole-exchange timeout and response size cap.
 *   When every caller waiting for it has aborted, it is aborted too, retries included, so a process whose
 *   only work was aborted exits at once.
 * - Only bearer tokens are accepted (`token_type` absent or `bearer`): another type would be sent wrongly.
 * @public
 */
export function oauth2ClientCredentials(
  options: OAuth2ClientCredentialsOptions,
): AuthStrategy & { tokenRequests(): number } {
  const tokenUrl = parseBaseUrl(options.tokenUrl, options.vendor, options.allowInsecureHttp === true, 'tokenUrl');
  const key = [tokenUrl.href, options.clientId, options.scope ?? '', fingerprint(options.clientSecret)].join('|');
  const cache = globalSingleton('oauth2-token-cache', () => new Map<string, TokenEntry>());
  let entry = cache.get(key);
  if (!entry) {
    entry = { token: undefined, inflight: undefined, recent: [], requests: 0 };
    cache.set(key, entry);
  }
  const shared = entry;
  const skewMs = options.expirySkewMs ?? 60_000;
  const defaultLifetimeMs = options.defaultLifetimeMs ?? 300_000;
  const retryPolicy = resolveRetryOptions(options.retry);
  const secrets = (): string[] => [options.clientSecret, ...shared.recent];

  async function fetchToken(signal: AbortSignal): Promise<IssuedToken> {
    shared.requests += 1;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    if (options.scope) form.set('scope', options.scope);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const context = { vendor: options.vendor, operation: 'auth.token', method: 'POST', path: tokenUrl.pathname };
    const call: CallContext = {
      ...context,
      codec: jsonCodec,
      errorMapping: { statusTable: {}, parseBody: () => ({}) },
      get secrets() {
        return secrets();
      },
      requestIdHeaders: [],
      timeoutMs,
    };
    let waitedMs = 0;
    for (let attempt = 0; ; attempt += 1) {
      let failure: OmnihostError;
      try {
        const { axios } = await loadAxios();
        const httpAdapter = axios.getAdapter('http') as AxiosAdapter;
        const timeoutError = (message: string, config: InternalAxiosRequestConfig) =>
          new axios.AxiosError(message, 'ETIMEDOUT', config);
        const response = await axios.request<string>({
          method: 'POST',
          url: tokenUrl.href,
          data: form.toString(),
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'User-Agent': options.userAgent ?? 'omnihost',
          },
          responseType: 'text',
          transformRequest: [(data: unknown) => data],
          transformResponse: [(data: unknown) => data],
          adapter: (config) => boundedAttempt(httpAdapter, config, timeoutMs, timeoutError),
          maxContentLength: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          maxRedirects: 0,
          proxy: false,
          signal,
          validateStatus: () => true,
        });
        const retryAfter = response.headers['retry-after'];
        return readTokenResponse(
          response.status,
          response.data,
          typeof retryAfter === 'string' ? retryAfter : undefined,
          context,
        );
      } catch (error) {
        failure = scrubError(classifyError(error, call), secrets());
      }
      // The one retry rule of core decides here too. A token request changes nothing on the server, so it
      // is replayable: throttling (an identity provider's 429), 502-504 and network failures are retried,
      // honouring Retry-After; a rejected credential (400/401) is not.
      const decision = decideRetry({
        error: failure,
        retriesSoFar: attempt,
        waitedMs,
        replayable: true,
        options: retryPolicy,
      });
      if (!decision.retry) throw failure;
      options.logger?.warn?.(
        'omnihost: retrying the token request',
        scrubDeep(
          { vendor: options.vendor, status: failure.status, error: failure.name, delayMs: decision.delayMs },
          secrets(),
        ) as Record<string, unknown>,
      );
      waitedMs += decision.delayMs;
      await sleep(decision.delayMs, signal, context);
    }
  }

  function readTokenResponse(
    status: number,
    text: string,
    retryAfter: string | undefined,
    context: Record<string, string>,
  ): IssuedToken {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (status >= 200 && status < 300) {
      const parsed = tokenResponseSchema.safeParse(body);
      if (!parsed.success) {
        throw new AuthenticationError(`${options.vendor}: the token endpoint answered without a usable access_token`, {
          ...context,
          status,
        });
      }
      const type = parsed.data.token_type;
      if (type !== undefined && type.toLowerCase() !== 'bearer') {
        throw new AuthenticationError(
          `${options.vendor}: the token endpoint issued a ${JSON.stringify(scrubAndCut(type, secrets(), 40))} token; only bearer tokens are supported`,
          { ...context, status },
        );
      }
      const token = parsed.data.access_token;
      shared.recent = [token, ...shared.recent].slice(0, 8);
      const lifetime = parsed.data.expires_in !== undefined ? parsed.data.expires_in * 1000 : defaultLifetimeMs;
      const refreshIn = lifetime > 0 ? lifetime - Math.min(skewMs, lifetime / 4) : TOKEN_REUSE_FLOOR_MS;
      return { accessToken: token, refreshAt: Date.now() + refreshIn };
    }
    const fields = (body ?? {}) as Record<string, unknown>;
    // Scrubbed before they are cut: the identity provider may echo the secret it was sent.
    const code = str(fields.error, 100) ?? str(fields.errorCode, 100);
    const detail = str(fields.error_description, 300) ?? str(fields.errorSummary, 300) ?? str(fields.message, 300);
    const text_ = scrubSecrets(
      `${options.vendor}: token request failed with HTTP ${status}${code ? ` (${code})` : ''}${detail ? `: ${detail}` : ''}`,
      secrets(),
    );
    const where = { ...context, status, vendorCode: code, retryAfterMs: parseRetryAfter(retryAfter) };
    if (status === 429) throw new RateLimitError(text_, where);
    if (status >= 500) throw new ServerError(text_, where);
    throw new AuthenticationError(text_, where);
  }

  function str(value: unknown, max: number): string | undefined {
    return typeof value === 'string' && value.length > 0
      ? scrubAndCut(value.slice(0, 64 * 1024), secrets(), max)
      : undefined;
  }

  /** The flight every caller needing a token joins; one per entry at a time. */
  function joinFlight(): TokenFlight {
    if (shared.inflight) return shared.inflight;
    const controller = new AbortController();
    let flight: TokenFlight | undefined;
    // The token is stored before the in-flight marker is cleared, so no caller can slip between the two and
    // start a second request.
    const promise = (async () => {
      try {
        const token = await fetchToken(controller.signal);
        shared.token = token;
        return token;
      } finally {
        if (flight) flight.settled = true;
        if (shared.inflight === flight) shared.inflight = undefined;
      }
    })();
    flight = { promise, controller, waiters: 0, settled: false };
    // Rejections reach every waiter through `abortable`; one nobody waits for any more (all aborted) must
    // not become an unhandled rejection.
    flight.promise.catch(() => undefined);
    shared.inflight = flight;
    return flight;
  }

  return {
    kind: 'oauth2-client-credentials',
    accountKey: `oauth2:${options.clientId}`,
    async authorize(signal) {
      const current = shared.token;
      if (current && Date.now() < current.refreshAt) return `Bearer ${current.accessToken}`;
      const flight = joinFlight();
      flight.waiters += 1;
      try {
        const token = await abortable(flight.promise, signal, { vendor: options.vendor, operation: 'auth.token' });
        return `Bearer ${token.accessToken}`;
      } finally {
        flight.waiters -= 1;
        // The last caller gave up: stop the request and its retries instead of leaving them running.
        if (flight.waiters === 0 && !flight.settled) flight.controller.abort();
      }
    },
    invalidate(header) {
      if (shared.token && header === `Bearer ${shared.token.accessToken}`) shared.token = undefined;
      return true;
    },
    secrets,
    tokenRequests: () => shared.requests,
  };
}

/** Forget every cached token (tests, credential rotation). @public */
export function clearTokenCache(): void {
  globalSingleton('oauth2-token-cache', () => new Map<string, TokenEntry>()).clear();
}
