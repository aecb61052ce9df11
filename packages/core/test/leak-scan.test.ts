import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  apiKeyBasicAuth,
  bearerAuth,
  clearTokenCache,
  createHttpClient,
  createProvider,
  oauth2ClientCredentials,
} from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { leakedSecrets, recordingLogger, renderingsOf } from './helpers/leak-scan.js';
import { startTestApi, testErrorMapping } from './helpers/test-api.js';

const SECRETS = {
  clientSecret: 'cs-LEAKCHECK-9f8e7d6c5b4a',
  apiKey: 'ak-LEAKCHECK-1a2b3c4d5e6f',
  token: 'tk-LEAKCHECK-0011223344556677',
};
const ALL = Object.values(SECRETS);

let server: SimServer;
beforeAll(async () => {
  server = await startTestApi((router) => {
    router.post('/oauth/token', (request) => {
      const form = new URLSearchParams(request.bodyText);
      return {
        status: 401,
        json: { error: 'invalid_client', error_description: `bad secret ${form.get('client_secret')}` },
      };
    });
    const echo = (status: number) => (request: { headers: Record<string, unknown> }) => ({
      status,
      json: { error: 'echo', message: `you sent ${String(request.headers.authorization)}` },
    });
    router.get('/401', echo(401));
    router.get('/403', echo(403));
    router.get('/422', (request) => ({
      status: 422,
      json: { error: 'validation_failed', message: { key: `invalid ${String(request.headers.authorization)}` } },
    }));
    router.get('/500', (request) => ({
      status: 500,
      headers: { 'Content-Type': 'text/html' },
      body: `<html><title>${String(request.headers.authorization)}</title></html>`,
    }));
    router.get('/truncated', (request) => ({ status: 200, body: `{"auth":"${String(request.headers.authorization)}` }));
    router.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return { status: 200, json: {} };
    });
  });
});
afterAll(() => server.close());
beforeEach(() => clearTokenCache());

const strategies: Array<[string, () => AuthStrategy]> = [
  ['basic', () => apiKeyBasicAuth({ user: 'ops@example.com', apiKey: SECRETS.apiKey })],
  ['bearer', () => bearerAuth(SECRETS.token)],
  [
    'oauth2',
    () =>
      oauth2ClientCredentials({
        vendor: 'acquia',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: 'id',
        clientSecret: SECRETS.clientSecret,
        allowInsecureHttp: true,
      }),
  ],
];

describe.each(strategies)('no credential leaks with %s auth', (_name, makeAuth) => {
  it.each(['/401', '/403', '/422', '/500', '/truncated', '/slow', 'refused', 'aborted'])('on %s', async (path) => {
    const logger = recordingLogger();
    const controller = new AbortController();
    const client = createHttpClient({
      vendor: 'acquia',
      baseUrl: path === 'refused' ? 'http://127.0.0.1:9' : server.url,
      auth: makeAuth(),
      errorMapping: testErrorMapping,
      allowInsecureHttp: true,
      timeoutMs: 200,
      retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 },
      logger,
    });
    if (path === 'aborted') setTimeout(() => controller.abort(), 20);
    const error = await client
      .request({
        operation: 'probe',
        method: 'GET',
        path: path === 'aborted' ? '/slow' : path,
        signal: controller.signal,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeDefined();
    expect(leakedSecrets([...renderingsOf(error), ...logger.lines], ALL)).toEqual([]);
  });
});

describe('no credential leaks from configuration errors', () => {
  it('names fields, never values', async () => {
    const error = await createProvider({
      vendor: 'sitefactory',
      baseUrl: 'not-a-url',
      username: 'ops',
      apiKey: SECRETS.apiKey,
    }).catch((e: unknown) => e);
    expect(leakedSecrets(renderingsOf(error), ALL)).toEqual([]);
    const wrongType = await createProvider({
      vendor: 'cloud66',
      token: 42 as unknown as string,
      accountId: SECRETS.token as never,
    }).catch((e: unknown) => e);
    expect(leakedSecrets(renderingsOf(wrongType), ALL)).toEqual([]);
  });
});
