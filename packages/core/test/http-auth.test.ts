import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, clearTokenCache, oauth2ClientCredentials } from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { clientFor, startTestApi } from './helpers/test-api.js';

interface TokenServer {
  server: SimServer;
  tokenRequests: number;
  /** Tokens the API accepts. */
  valid: Set<string>;
  lifetimeSeconds: number;
  /** When set, the API rejects every token. */
  rejectAll: boolean;
}

async function startTokenServer(lifetimeSeconds = 300): Promise<TokenServer> {
  const state: Omit<TokenServer, 'server'> = { tokenRequests: 0, valid: new Set(), lifetimeSeconds, rejectAll: false };
  let counter = 0;
  const server = await startTestApi((router) => {
    router.post('/oauth/token', async (request) => {
      state.tokenRequests += 1;
      const form = new URLSearchParams(request.bodyText);
      if (form.get('client_secret') !== 'right-secret') {
        return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      const token = `token-${++counter}`;
      state.valid.add(token);
      return { status: 200, json: { access_token: token, expires_in: state.lifetimeSeconds, token_type: 'Bearer' } };
    });
    router.get('/me', (request) => {
      const token = String(request.headers.authorization ?? '').replace(/^Bearer /, '');
      if (state.rejectAll || !state.valid.has(token))
        return { status: 401, json: { error: 'unauthorized', message: 'expired' } };
      return { status: 200, json: { token } };
    });
  });
  return Object.assign(state, { server });
}

function oauthClient(api: TokenServer, secret = 'right-secret') {
  const auth = oauth2ClientCredentials({
    vendor: 'acquia',
    tokenUrl: `${api.server.url}/oauth/token`,
    clientId: 'client-1',
    clientSecret: secret,
    allowInsecureHttp: true,
  });
  return { auth, client: clientFor(api.server, { auth }) };
}

let api: TokenServer | undefined;
beforeEach(() => clearTokenCache());
afterEach(async () => {
  await api?.server.close();
  api = undefined;
});

describe('OAuth2 client credentials', () => {
  it('50 concurrent calls with no (or an expired) token cause exactly one token request', async () => {
    api = await startTokenServer(1);
    const { client } = oauthClient(api);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.request({ operation: 'me', method: 'GET', path: '/me' })),
    );
    expect(new Set(results.map((r) => (r.data as { token: string }).token)).size).toBe(1);
    expect(api.tokenRequests).toBe(1);
    // Wait until the token is past its refresh point (lifetime 1 s, skew a quarter of it), then again 50 at once.
    await new Promise((resolve) => setTimeout(resolve, 800));
    await Promise.all(
      Array.from({ length: 50 }, () => client.request({ operation: 'me', method: 'GET', path: '/me' })),
    );
    expect(api.tokenRequests).toBe(2);
  });

  it('shares the cached token between clients for the same client id and secret', async () => {
    api = await startTokenServer();
    await oauthClient(api).client.request({ operation: 'me', method: 'GET', path: '/me' });
    await oauthClient(api).client.request({ operation: 'me', method: 'GET', path: '/me' });
    expect(api.tokenRequests).toBe(1);
  });

  it('never lends a cached token to a caller with a different secret', async () => {
    api = await startTokenServer();
    await oauthClient(api).client.request({ operation: 'me', method: 'GET', path: '/me' });
    const error = await oauthClient(api, 'wrong-secret')
      .client.request({ operation: 'me', method: 'GET', path: '/me' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).vendorCode).toBe('invalid_client');
    expect(api.tokenRequests).toBe(2);
  });

  it('a 401 refreshes once and replays', async () => {
    api = await startTokenServer();
    const { client } = oauthClient(api);
    await client.request({ operation: 'me', method: 'GET', path: '/me' });
    api.valid.clear(); // the server revokes every token it issued
    const response = await client.request({ operation: 'me', method: 'GET', path: '/me' });
    expect((response.data as { token: string }).token).toBe('token-2');
    expect(api.tokenRequests).toBe(2);
    expect(client.stats().authReplays).toBe(1);
  });

  it('a second 401 surfaces as AuthenticationError', async () => {
    api = await startTokenServer();
    const { client } = oauthClient(api);
    api.rejectAll = true;
    const error = await client.request({ operation: 'me', method: 'GET', path: '/me' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(api.tokenRequests).toBe(2);
    expect(api.server.stats().byRoute['GET /me']).toBe(2);
  });

  it('concurrent 401s on one revoked token cause one refresh', async () => {
    api = await startTokenServer();
    const { client } = oauthClient(api);
    await client.request({ operation: 'me', method: 'GET', path: '/me' });
    api.valid.clear();
    await Promise.all(
      Array.from({ length: 20 }, () => client.request({ operation: 'me', method: 'GET', path: '/me' })),
    );
    expect(api.tokenRequests).toBe(2);
  });

  it('a throttled token endpoint is waited out (Retry-After), not reported as bad credentials', async () => {
    api = await startTokenServer();
    api.server.inject({ kind: 'throttle', count: 2, match: (request) => request.path === '/oauth/token' });
    const { client } = oauthClient(api);
    const started = performance.now();
    const response = await client.request<{ token: string }>({ operation: 'me', method: 'GET', path: '/me' });
    expect(response.data.token).toMatch(/^token-/);
    expect(api.server.stats().throttled).toBe(2);
    // Two Retry-After: 1 waits, not the 300 ms backoff the old loop used.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('a rejected secret is not retried', async () => {
    api = await startTokenServer();
    const { client } = oauthClient(api, 'wrong-secret');
    const error = await client.request({ operation: 'me', method: 'GET', path: '/me' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(api.tokenRequests).toBe(1);
  });
});
