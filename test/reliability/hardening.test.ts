/**
 * Issue 12: the promises the README makes, kept under attack by hostile local servers. Every case here failed
 * on the code before the fix: calls held open by a dripping body, waits that outlived their deadline, POSTs
 * re-sent after a 503, broken 2xx bodies reported as the caller's mistake, a token endpoint without a size cap,
 * and the smaller holes (redirects off the base path, `Retry-After: -1`, non-bearer tokens, `expires_in: 0`).
 * The secret channels are in leak-scan.test.ts; the processes left running in process-exit.test.ts.
 */
import { gzipSync } from 'node:zlib';
import {
  AuthenticationError,
  collect,
  createHttpClient,
  createProvider,
  NetworkError,
  noAuth,
  oauth2ClientCredentials,
  PermissionError,
  type Provider,
  type ProviderConfig,
  parseRetryAfter,
  ResponseValidationError,
  ServerError,
  type Site,
  TimeoutError,
  ValidationError,
} from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger, renderingsOf } from '../../packages/core/test/helpers/leak-scan.js';
import { HARNESSES } from '../contract/vendors.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { configFor, VARIANTS } from '../support/vendor-configs.js';

const json = { 'Content-Type': 'application/json' };

describe('timeouts bound the whole call', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(VARIANTS)('%s: a body dripped one byte every 100 ms ends at timeoutMs with TimeoutError', async (variant) => {
    server.answerToken(undefined);
    server.answer({ status: 200, headers: json, drip: { intervalMs: 100 } });
    const provider = (await createProvider(configFor(variant, server.url, { timeoutMs: 600 }))) as Provider;
    const started = Date.now();
    const error = await collect(provider.sites.list(), { limit: 1 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    // Before the fix, the call lasted as long as the server dripped (here: until the test gave up).
    expect(elapsed).toBeLessThan(5_000); // slack for timer lag on a loaded 2-core CI machine (419 ms seen)
  });

  it('acquia: the OAuth token endpoint is bounded the same way', async () => {
    server.answerToken({ status: 200, headers: json, drip: { intervalMs: 100 } });
    server.answer({ status: 200, headers: json, body: '{"_embedded":{"items":[]}}' });
    const provider = (await createProvider({
      ...configFor('acquia', server.url, { timeoutMs: 600 }),
      clientId: 'drip-client',
    })) as Provider;
    const started = Date.now();
    const error = await collect(provider.sites.list(), { limit: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    server.answerToken(undefined);
  });

  it('acquia: a token answer past the size cap is refused, not inflated (a gzip bomb)', async () => {
    // 96 MiB of zeros, about 100 KB on the wire; the cap is core's 32 MiB default for every response.
    const bomb = gzipSync(Buffer.alloc(96 * 1024 * 1024));
    server.answerToken({ status: 200, headers: { ...json, 'Content-Encoding': 'gzip' }, body: bomb });
    const provider = (await createProvider({
      ...configFor('acquia', server.url),
      clientId: 'bomb-client',
    })) as Provider;
    const error = await collect(provider.sites.list(), { limit: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).reason).toBe('too-large');
    server.answerToken(undefined);
  });
});

describe.each(HARNESSES)('$vendor: against its simulator', (harness) => {
  let sim: VendorSimulator<ProviderConfig>;
  let site: Site;
  beforeAll(async () => {
    sim = await harness.start({ taskDurationMs: 400, seed: 12 });
    const provider = (await createProvider(sim.config)) as Provider;
    site = (await collect(provider.sites.list(), { limit: 50 })).find((s) => s.environment === 'staging') as Site;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it(`${harness.vendor}: tasks.wait({ timeoutMs: 1500 }) ends near 1.5 s while every poll is throttled with Retry-After: 4`, async () => {
    const provider = (await createProvider({ ...sim.config, rateLimit: false })) as Provider;
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    sim.server.setRandomFaults({ rate: 0, retryAfterSeconds: 4 });
    sim.server.inject({ kind: 'throttle', count: 1_000, match: (request) => request.method === 'GET' });
    const started = Date.now();
    const error = await provider.tasks
      .wait(operation.task.id, { timeoutMs: 1_500, minIntervalMs: 50 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    sim.server.clearFaults();
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('wait');
    // Before the fix, the wait sat in the transport's retries of one poll (4 s each) for 16–34 s.
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(5_000); // slack for timer lag on a loaded 2-core CI machine (419 ms seen)
  });

  it(`${harness.vendor}: a POST answered 503 with Retry-After (a maintenance page) is not sent again; its outcome is unknown`, async () => {
    const provider = (await createProvider(sim.config)) as Provider;
    sim.server.resetStats();
    sim.server.inject({
      kind: 'server-error',
      status: 503,
      match: (request) => request.method === 'POST',
      headers: { 'Retry-After': '0', 'Content-Type': 'text/html' },
      body: '<html><head><title>Down for maintenance</title></head><body>back soon</body></html>',
    });
    const error = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).outcome).toBe('unknown');
    // The fault answered the first POST before routing. A re-sent POST would have reached a route: none did.
    const stats = sim.server.stats();
    expect(stats.faults['server-error']).toBe(1);
    expect(Object.keys(stats.byRoute).filter((route) => route.startsWith('POST'))).toEqual([]);
  });

  it(`${harness.vendor}: a 2xx whose body breaks off or does not decompress is a NetworkError, and a wait rides it out`, async () => {
    const provider = (await createProvider({
      ...sim.config,
      retry: { retries: 0 },
    })) as Provider;
    sim.server.inject({ kind: 'broken-body', count: 1, match: (request) => request.method === 'GET' });
    const error = await provider.sites.get(site.id).catch((e: unknown) => e);
    // Before the fix: ValidationError "failed with HTTP 200", the class that means the request was invalid.
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(ValidationError);

    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    sim.server.setRandomFaults({ rate: 0 });
    sim.server.inject({ kind: 'broken-body', count: 2, match: (request) => request.method === 'GET' });
    const deployment = await operation.wait({ timeoutMs: 20_000, minIntervalMs: 50, maxIntervalMs: 200 });
    expect(deployment.state).toBe('succeeded');
    expect(sim.server.stats().faults['broken-body']).toBeGreaterThanOrEqual(2);
  });
});

describe('secrets echoed by the token endpoint', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a client secret with ~ ( ) ! and a space, echoed form-encoded in `error` (vendorCode), never shows', async () => {
    const secret = "acq SECRET~(x)!y'-7f3a9c2e*5d";
    const spellings = [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      Buffer.from(secret).toString('base64'),
    ];
    // The identity provider quotes the form it was sent, in every field of its error.
    server.answerToken((request) => ({
      status: 401,
      headers: { 'Content-Type': 'application/json', 'X-Request-Id': request.body },
      body: JSON.stringify({ error: request.body, error_description: `bad ${request.body}`, message: request.body }),
    }));
    const logger = recordingLogger();
    const provider = (await createProvider({
      ...configFor('acquia', server.url),
      clientId: 'form-client',
      clientSecret: secret,
      logger,
    })) as Provider;
    const error = await collect(provider.sites.list(), { limit: 1 }).catch((e: unknown) => e);
    server.answerToken(undefined);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.tokenRequests.at(-1)?.body).toContain(spellings[2]);
    const texts = [...renderingsOf(error), ...logger.lines, JSON.stringify((error as AuthenticationError).vendorCode)];
    expect(spellings.filter((spelling) => texts.some((text) => text.includes(spelling)))).toEqual([]);
    expect((error as AuthenticationError).vendorCode).toContain('[REDACTED]');
  });
});

describe('acquia: a success status does not make an error body a success', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const environmentId = '24-a47ac10b-58cc-4372-a567-0e02b2c3d470';

  it('HTTP 200 {"error":"forbidden","message":"nope"} to a deploy, restore or delete is a PermissionError', async () => {
    server.answer({ status: 200, headers: json, body: '{"error":"forbidden","message":"nope"}' });
    const provider = (await createProvider(configFor('acquia', server.url))) as Provider;
    for (const start of [
      () => provider.deploys.deploy(environmentId, { ref: 'tags/2.4.0' }),
      () => provider.backups.restore(environmentId, '7', { database: 'db1' } as never),
      () => provider.backups.delete(environmentId, '7', { database: 'db1' } as never),
    ]) {
      const error = await start().catch((e: unknown) => e);
      // Before the fix: a deploy that "succeeded".
      expect(error).toBeInstanceOf(PermissionError);
      expect((error as PermissionError).message).toContain('nope');
    }
  });

  it('a real 2xx without a notification link is a task in state unknown, with a warning, never succeeded', async () => {
    server.answer({ status: 202, headers: json, body: '{"message":"Switching code."}' });
    const provider = (await createProvider(configFor('acquia', server.url))) as Provider;
    const operation = await provider.deploys.deploy(environmentId, { ref: 'tags/2.4.0' });
    expect(operation.task.state).toBe('unknown');
    expect(operation.task.warnings?.[0]).toContain('cannot be tracked');
    const deployment = await operation.wait({ timeoutMs: 1_000 });
    expect(deployment.state).toBe('unknown');
    expect((await provider.tasks.wait(operation.task)).state).toBe('unknown');
  });
});

describe('smaller holes', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const client = (base: string) =>
    createHttpClient({
      vendor: 'cloud66',
      baseUrl: base,
      auth: noAuth(),
      allowInsecureHttp: true,
      rateLimit: false,
      retry: { retries: 0 },
      errorMapping: { statusTable: {}, parseBody: () => ({}) },
    });

  it.each([301, 302, 303, 307, 308])(
    'a same-origin %i redirect to a path outside baseUrl is refused, and nothing is sent there',
    async (status) => {
      server.answer((request) =>
        request.url.startsWith('/elsewhere')
          ? { status: 200, headers: json, body: '{}' }
          : { status, headers: { Location: '/elsewhere/steal' }, body: '' },
      );
      const before = server.seen.length;
      const error = await client(`${server.url}/api/3`)
        .request({ operation: 'create', method: 'POST', path: '/stacks', body: { secret: 'body' } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toContain("outside the base URL's path");
      expect(server.seen.slice(before).map((request) => request.url)).toEqual(['/api/3/stacks']);
    },
  );

  it('a redirect that stays under baseUrl is still followed', async () => {
    server.answer((request) =>
      request.url === '/api/3/new-place'
        ? { status: 200, headers: json, body: '{"ok":true}' }
        : { status: 301, headers: { Location: '/api/3/new-place' } },
    );
    const response = await client(`${server.url}/api/3`).request({ operation: 'get', method: 'GET', path: '/old' });
    expect(response.data).toEqual({ ok: true });
  });

  it.each(['-1', '+5', '1e3', '5 seconds', 'Tue, 2001', 'yesterday'])('Retry-After: %s is ignored', (value) => {
    expect(parseRetryAfter(value)).toBeUndefined();
  });

  it('Retry-After in the three HTTP-date forms and as delay-seconds is read', () => {
    const now = Date.parse('2026-12-04T12:00:00Z');
    expect(parseRetryAfter('Fri, 04 Dec 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Friday, 04-Dec-26 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Fri Dec  4 12:00:05 2026', now)).toBe(5_000);
    expect(parseRetryAfter('7', now)).toBe(7_000);
  });

  const strategy = (clientId: string) =>
    oauth2ClientCredentials({
      vendor: 'acquia',
      tokenUrl: `${server.url}/token`,
      clientId,
      clientSecret: 'a-client-secret-value',
      allowInsecureHttp: true,
      retry: { retries: 0 },
    });

  it('a token_type other than bearer is refused with AuthenticationError', async () => {
    server.answerToken({ status: 200, headers: json, body: '{"access_token":"abc-123-xyz","token_type":"mac"}' });
    const error = await strategy('mac-client')
      .authorize()
      .catch((e: unknown) => e);
    server.answerToken(undefined);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('only bearer tokens');
  });

  it('expires_in: 0 is used for the calls at hand, not re-fetched for every call', async () => {
    server.answerToken({
      status: 200,
      headers: json,
      body: '{"access_token":"zero-lifetime-token","token_type":"Bearer","expires_in":0}',
    });
    const auth = strategy('zero-client');
    const before = server.tokenRequests.length;
    for (let call = 0; call < 20; call += 1) expect(await auth.authorize()).toBe('Bearer zero-lifetime-token');
    server.answerToken(undefined);
    // Before the fix: 20 token requests, one per call.
    expect(server.tokenRequests.length - before).toBe(1);
  });
});
