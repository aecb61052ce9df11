import { z } from 'zod';
import { abortable, sleep } from '../errors/abort.js';
import { AuthenticationError, NetworkError, RateLimitError, ServerError } from '../errors/error-classes.js';
import { isOmnihostError, type OmnihostError } from '../errors/omnihost-error.js';
import type { AuthStrategy } from '../http/auth-strategy.js';
import { loadAxios } from '../http/load-axios.js';
import { scrubSecrets } from '../http/redact.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { decideRetry, resolveRetryOptions } from '../http/retry-policy.js';
import type { RetryOptions } from '../http/types.js';
import { parseBaseUrl } from '../http/url-guard.js';
import { globalSingleton } from '../util/global-registry.js';
import type { Logger } from '../util/logger.js';
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
  timeoutMs?: number | undefined;
  logger?: Logger | undefined;
  userAgent?: string | undefined;
  /** Retries of the token request (the same policy and defaults as API calls). */
  retry?: RetryOptions | undefined;
}

interface IssuedToken {
  readonly accessToken: string;
  readonly refreshAt: number;
}

/** One cache entry per token URL + client + scope + secret fingerprint. */
interface TokenEntry {
  token: IssuedToken | undefined;
  inflight: Promise<IssuedToken> | undefined;
  /** Recently issued tokens, kept only so they can be scrubbed from output. */
  recent: string[];
  requests: number;
}

const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  token_type: z.string().optional(),
});

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

  async function fetchToken(): Promise<IssuedToken> {
    shared.requests += 1;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    if (options.scope) form.set('scope', options.scope);
    const context = { vendor: options.vendor, operation: 'auth.token', method: 'POST', path: tokenUrl.pathname };
    let waitedMs = 0;
    for (let attempt = 0; ; attempt += 1) {
      let failure: OmnihostError;
      try {
        const { axios } = await loadAxios();
        const response = await axios.post<string>(tokenUrl.href, form.toString(), {
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'User-Agent': options.userAgent ?? 'omnihost',
          },
          responseType: 'text',
          transformResponse: [(data: unknown) => data],
          timeout: options.timeoutMs ?? 30_000,
          maxRedirects: 0,
          proxy: false,
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
        failure = toTokenError(error, context);
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
      options.logger?.warn?.('omnihost: retrying the token request', {
        vendor: options.vendor,
        status: failure.status,
        error: failure.name,
        delayMs: decision.delayMs,
      });
      waitedMs += decision.delayMs;
      await sleep(decision.delayMs);
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
      const lifetime = parsed.data.expires_in !== undefined ? parsed.data.expires_in * 1000 : defaultLifetimeMs;
      const token = parsed.data.access_token;
      shared.recent = [token, ...shared.recent].slice(0, 8);
      return { accessToken: token, refreshAt: Date.now() + lifetime - Math.min(skewMs, lifetime / 4) };
    }
    const fields = (body ?? {}) as Record<string, unknown>;
    const code = str(fields.error) ?? str(fields.errorCode);
    const detail = str(fields.error_description) ?? str(fields.errorSummary) ?? str(fields.message);
    const text_ = scrubSecrets(
      `${options.vendor}: token request failed with HTTP ${status}${code ? ` (${code})` : ''}${detail ? `: ${detail}` : ''}`,
      secrets(),
    );
    const where = { ...context, status, vendorCode: code, retryAfterMs: parseRetryAfter(retryAfter) };
    if (status === 429) throw new RateLimitError(text_, where);
    if (status >= 500) throw new ServerError(text_, where);
    throw new AuthenticationError(text_, where);
  }

  function toTokenError(error: unknown, context: Record<string, string>): OmnihostError {
    if (isOmnihostError(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new NetworkError(scrubSecrets(`${options.vendor}: token request failed: ${message}`, secrets()), {
      ...context,
      networkCode: (error as { code?: string }).code,
    });
  }

  return {
    kind: 'oauth2-client-credentials',
    accountKey: `oauth2:${options.clientId}`,
    async authorize(signal) {
      const current = shared.token;
      if (current && Date.now() < current.refreshAt) return `Bearer ${current.accessToken}`;
      if (!shared.inflight) {
        // The token is stored before the in-flight marker is cleared, so no caller can slip between the
        // two and start a second request.
        shared.inflight = (async () => {
          try {
            const token = await fetchToken();
            shared.token = token;
            return token;
          } finally {
            shared.inflight = undefined;
          }
        })();
      }
      const token = await abortable(shared.inflight, signal, { vendor: options.vendor, operation: 'auth.token' });
      return `Bearer ${token.accessToken}`;
    },
    invalidate(header) {
      if (shared.token && header === `Bearer ${shared.token.accessToken}`) shared.token = undefined;
      return true;
    },
    secrets,
    tokenRequests: () => shared.requests,
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 300) : undefined;
}

/** Forget every cached token (tests, credential rotation). @public */
export function clearTokenCache(): void {
  globalSingleton('oauth2-token-cache', () => new Map<string, TokenEntry>()).clear();
}
