import type { SimRequest, SimResponse } from '@omnihost/core/testing';
import type { Cloud66Scope } from '../constants.js';
import { errorResponse, fail } from './responses.js';

/** What a token may do and for which accounts. */
export interface TokenGrant {
  readonly scopes: ReadonlySet<Cloud66Scope>;
  /** Accounts the token's user belongs to; the first is used unless `X-Account` picks another. */
  readonly accountIds: readonly number[];
}

/** Who is calling, as a handler sees it. */
export interface Caller {
  readonly token: string;
  readonly grant: TokenGrant;
  readonly accountId: number;
}

/** Paths answered without a token: `GET /ping` (vendor notes §3.8) and the pre-signed downloads. */
function isPublicPath(path: string): boolean {
  return /^\/api\/3\/ping(\.json)?$/.test(path) || path.startsWith('/s3/');
}

/** RFC 6750 challenge, as an OAuth2 (Doorkeeper-style) Rails API sends it. */
function challenge(error: string, extra = ''): Record<string, string> {
  return { 'WWW-Authenticate': `Bearer realm="Cloud 66", error="${error}"${extra}` };
}

/**
 * Bearer tokens with scopes. Tokens never expire on Cloud 66 (personal access tokens last until revoked),
 * so core's `auth-expiry` fault rejects just the one request it hits, as a revoked-and-reissued token
 * would, instead of locking the rest of a test run out.
 */
export class TokenRegistry {
  private readonly grants = new Map<string, TokenGrant>();
  private readonly rejected = new WeakSet<SimRequest>();

  add(token: string, grant: TokenGrant): void {
    this.grants.set(token, grant);
  }

  revoke(token: string): void {
    this.grants.delete(token);
  }

  /** The `auth-expiry` fault: this request's token is no longer accepted. */
  expire(request: SimRequest): void {
    this.rejected.add(request);
  }

  /** Core's `authenticate` hook: a 401 or 403 to send, or `undefined` (and `credential` set) to go on. */
  authenticate(request: SimRequest): SimResponse | undefined {
    if (isPublicPath(request.path)) return undefined;
    const header = String(request.headers.authorization ?? '');
    // The docs spell the scheme both `bearer` and `Bearer`.
    const token = /^bearer\s+(\S+)$/i.exec(header.trim())?.[1];
    if (!token) {
      return errorResponse(401, 'unauthenticated', 'No access token was passed', {
        headers: challenge('invalid_request'),
      });
    }
    const grant = this.grants.get(token);
    if (!grant || this.rejected.has(request)) {
      return errorResponse(401, 'unauthenticated', 'The access token is invalid or has been revoked', {
        headers: challenge('invalid_token'),
      });
    }
    const account = accountHeader(request);
    if (account !== undefined && !grant.accountIds.includes(account)) {
      return errorResponse(403, 'forbidden', 'You do not have access to this account', {
        details: 'X-Account names an account this user does not belong to',
      });
    }
    request.credential = token;
    return undefined;
  }

  /** The authenticated caller of a request that passed {@link authenticate}. */
  caller(request: SimRequest): Caller {
    const token = request.credential ?? '';
    const grant = this.grants.get(token);
    if (!grant) return fail(401, 'unauthenticated', 'The access token is invalid or has been revoked');
    return { token, grant, accountId: accountHeader(request) ?? (grant.accountIds[0] as number) };
  }
}

function accountHeader(request: SimRequest): number | undefined {
  const value = request.headers['x-account'];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : -1;
}

/**
 * 403 for a missing scope. The body says which scope in words, and the `WWW-Authenticate` challenge
 * names it in the RFC 6750 `scope` attribute.
 */
export function requireScope(caller: Caller, scope: Cloud66Scope): void {
  if (caller.grant.scopes.has(scope)) return;
  fail(403, 'forbidden', 'The access token does not have the scope this call requires', {
    details: `This call requires the '${scope}' scope`,
    headers: challenge('insufficient_scope', `, scope="${scope}"`),
  });
}
