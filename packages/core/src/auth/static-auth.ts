import { createHash } from 'node:crypto';
import type { AuthStrategy } from '../http/auth-strategy.js';

/** A short, non-reversible tag for a secret, safe to use in cache and budget keys. @internal */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/**
 * HTTP Basic with a user name and password.
 * @public
 */
export function basicAuth(credentials: { username: string; password: string }): AuthStrategy {
  const encoded = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
  const header = `Basic ${encoded}`;
  return {
    kind: 'basic',
    accountKey: `basic:${credentials.username}`,
    authorize: async () => header,
    invalidate: () => false,
    secrets: () => [credentials.password, encoded, header],
  };
}

/**
 * An API key sent as the password of HTTP Basic, with the user name or e-mail as the user: how Site
 * Factory (`username:apiKey`) and OnApp (`email:apiKey`) authenticate.
 * @public
 */
export function apiKeyBasicAuth(credentials: { user: string; apiKey: string }): AuthStrategy {
  return basicAuth({ username: credentials.user, password: credentials.apiKey });
}

/**
 * A static bearer token (Cloud 66 personal access tokens, which do not expire).
 * @public
 */
export function bearerAuth(token: string): AuthStrategy {
  const header = `Bearer ${token}`;
  return {
    kind: 'bearer',
    accountKey: `bearer:${fingerprint(token)}`,
    authorize: async () => header,
    invalidate: () => false,
    secrets: () => [token, header],
  };
}

/** No credentials (public endpoints, tests). @public */
export function noAuth(): AuthStrategy {
  return {
    kind: 'none',
    accountKey: 'anonymous',
    authorize: async () => undefined,
    invalidate: () => false,
    secrets: () => [],
  };
}
