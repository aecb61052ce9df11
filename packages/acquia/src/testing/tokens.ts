import type { SimClock, SimRequest, SimResponse } from '@omnihost/core/testing';
import { randomUuid } from './generated-ids.js';
import { errorResponse } from './responses.js';

interface IssuedToken {
  expiresAt: number;
  scope: string | undefined;
}

/** The simulator's OAuth2 client: who may get tokens, and for how long they live. */
export interface TokenPolicy {
  clientId: string;
  clientSecret: string;
  /** Seconds; Acquia's is 300 ("The access token expires in 300 seconds", docs; vendor notes §2). */
  lifetimeSeconds: number;
  /**
   * When set, the organisation uses federated authentication: API calls with a token not requested with
   * `scope=organization:<uuid>` fail with `additional_authentication_required` (acquia/cli#1582).
   */
  federatedOrganizationUuid: string | undefined;
}

/** Tokens issued by the simulated accounts server, checked by the simulated API. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  issued = 0;

  constructor(
    readonly policy: TokenPolicy,
    private readonly clock: SimClock,
    private readonly random: () => number,
  ) {}

  /** `POST /api/auth/oauth/token`: form-encoded (or JSON) client credentials, or HTTP Basic. */
  handleTokenRequest(request: SimRequest): SimResponse {
    const form = readForm(request);
    const basic = readBasic(request.headers.authorization);
    const clientId = form.get('client_id') ?? basic?.user;
    const clientSecret = form.get('client_secret') ?? basic?.password;
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported.');
    }
    if (clientId !== this.policy.clientId || clientSecret !== this.policy.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    this.issued += 1;
    // Drop tokens long expired so a long run does not accumulate them.
    const now = this.clock.now();
    for (const [token, issued] of this.tokens) if (issued.expiresAt < now - 3_600_000) this.tokens.delete(token);
    const token = `sim.${randomUuid(this.random).replaceAll('-', '')}`;
    this.tokens.set(token, {
      expiresAt: now + this.policy.lifetimeSeconds * 1000,
      scope: form.get('scope') ?? undefined,
    });
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      json: { access_token: token, expires_in: this.policy.lifetimeSeconds, token_type: 'Bearer' },
    };
  }

  /**
   * The API's check of `Authorization: Bearer <token>`: undefined when accepted, else the error Acquia
   * sends. An expired (or unknown) token is **403** `{"error":"unauthorized"}`, as observed in
   * typhonius/acquia-php-sdk-v2#71; a missing one is 401.
   */
  authenticate(request: SimRequest): SimResponse | undefined {
    const header = String(request.headers.authorization ?? '');
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return errorResponse(401, 'unauthorized', 'You must be authenticated to access this resource.');
    const issued = this.tokens.get(token);
    if (!issued) return errorResponse(403, 'unauthorized', 'The access token is invalid.');
    if (this.clock.now() >= issued.expiresAt) {
      return errorResponse(403, 'unauthorized', 'The access token has expired.');
    }
    const organization = this.policy.federatedOrganizationUuid;
    if (organization && issued.scope !== `organization:${organization}`) {
      return errorResponse(
        403,
        'additional_authentication_required',
        'This resource requires additional authentication.',
      );
    }
    request.credential = token;
    return undefined;
  }

  /**
   * Whose rate-limit budget a request spends: `client:<API key>` for a token this server issued (expired
   * ones too: the account is still the caller), undefined for anything else.
   */
  accountOf(request: SimRequest): string | undefined {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    return token && this.tokens.has(token) ? `client:${this.policy.clientId}` : undefined;
  }

  /** Expires the token a request carries (the `auth-expiry` fault). */
  expire(request: SimRequest): void {
    const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const issued = token ? this.tokens.get(token) : undefined;
    if (issued) issued.expiresAt = Math.min(issued.expiresAt, this.clock.now());
  }

  /** Expires every token issued so far. */
  expireAll(): void {
    const now = this.clock.now();
    for (const issued of this.tokens.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
  }
}

function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, json: { error, error_description: description } };
}

function readForm(request: SimRequest): URLSearchParams {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const body = JSON.parse(request.bodyText) as Record<string, unknown>;
      return new URLSearchParams(
        Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(request.bodyText);
}

function readBasic(header: string | undefined): { user: string; password: string } | undefined {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
