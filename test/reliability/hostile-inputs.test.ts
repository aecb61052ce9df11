/**
 * Hostile input, for every vendor: ids that try to change the request path (`../`, `/`, `?`, `#`, `%2e`,
 * unicode, control characters) are encoded and never move the request off its route; links in responses
 * that name another host are never followed with credentials; `http://` with credentials is refused unless
 * the config allows it; an abort ends an in-flight call at once, not when the server answers 5 s later.
 */
import { collect, createProvider, isOmnihostError, type Provider } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { configFor, VARIANTS, vendorOf } from '../support/vendor-configs.js';

const HOSTILE_IDS = [
  '../',
  '../../admin',
  '..',
  '.',
  'a/b',
  '/etc/passwd',
  'x?admin=1',
  'x#fragment',
  '%2e%2e',
  '..%2f..%2f',
  '%2F',
  'ünïcødé-☃',
  'a\u0000b',
  'a\r\nX-Injected: 1',
  ' ',
];

/** The request target's path segments, as the server received them. */
function segmentsOf(target: string): string[] {
  return (target.split('?')[0] ?? '').split('/');
}

describe.each(VARIANTS)('%s: hostile ids stay inside their path segment', (variant) => {
  let server: ScriptedServer;
  let provider: Provider;
  beforeAll(async () => {
    server = await startScriptedServer();
    server.answer({
      status: 404,
      headers: { 'Content-Type': 'application/json' },
      body: '{"error":"not_found","message":"no"}',
    });
    provider = (await createProvider(configFor(variant, server.url))) as Provider;
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(HOSTILE_IDS)(`${variant}: id %j`, async (id) => {
    const before = server.seen.length;
    const calls = [
      () => provider.sites.get(id),
      () => provider.tasks.get(id),
      () => collect(provider.backups.list(id), { limit: 1 }),
      () => provider.backups.get('101', id),
    ];
    for (const call of calls) {
      const outcome = await call().then(
        () => 'value',
        (error: unknown) => error,
      );
      // The vendor answers 404 to everything, so every call ends in a typed error (a local refusal counts).
      expect(isOmnihostError(outcome), String(outcome)).toBe(true);
    }
    for (const request of server.seen.slice(before)) {
      const segments = segmentsOf(request.url);
      expect(segments, request.url).not.toContain('..');
      expect(segments, request.url).not.toContain('.');
      expect(request.url, 'no raw control characters or spaces in the target').not.toMatch(/[\s\p{Cc}]/u);
      expect(request.url).not.toContain('#');
      expect(request.url).not.toContain('admin=1');
      expect(request.headers['x-injected']).toBeUndefined();
      // The path the server routes on is the path the client meant: no dot segments to resolve away.
      expect(new URL(request.url, server.url).pathname).toBe(request.url.split('?')[0]);
    }
  });
});

describe('absolute links in responses are never followed to another host', () => {
  let api: ScriptedServer;
  let elsewhere: ScriptedServer;
  beforeAll(async () => {
    api = await startScriptedServer();
    elsewhere = await startScriptedServer();
  });
  afterAll(async () => {
    await api?.close();
    await elsewhere?.close();
  });

  it('acquia: HAL next links and notification links that name another host', async () => {
    const provider = (await createProvider(configFor('acquia', api.url))) as Provider;
    const envId = '24-a47ac10b-58cc-4372-a567-0e02b2c3d470';
    const notification = 'f4b37e3c-1g96-4ed4-ad20-3081fe0f9545';
    api.answer((request) => {
      const json = (body: unknown, status = 200) => ({
        status,
        headers: { 'Content-Type': 'application/hal+json' },
        body: JSON.stringify(body),
      });
      if (request.method === 'POST') {
        return json(
          {
            message: 'Switching code.',
            _links: {
              self: { href: `${elsewhere.url}/api/environments/${envId}/code/actions/switch` },
              notification: { href: `${elsewhere.url}/api/notifications/${notification}` },
            },
          },
          202,
        );
      }
      if (request.url.startsWith('/api/notifications/')) {
        return json({
          uuid: notification,
          event: 'CodeSwitched',
          label: 'Code switched',
          description: 'x',
          created_at: '2026-01-01T00:00:00+00:00',
          completed_at: '2026-01-01T00:00:05+00:00',
          status: 'completed',
          progress: 100,
          context: {},
          _links: { self: { href: `${elsewhere.url}/api/notifications/${notification}` } },
        });
      }
      return json({
        total: 1,
        pagination: { total: 1, limit: 100, offset: 0 },
        _links: { next: { href: `${elsewhere.url}/api/applications?offset=100` } },
        _embedded: { items: [] },
      });
    });
    await collect(provider.sites.list(), { limit: 10 }).catch(() => undefined);
    await (await provider.deploys.deploy(envId, { ref: 'main' }))
      .wait({ timeoutMs: 3_000, minIntervalMs: 50 })
      .catch(() => undefined);
    expect(api.seen.length).toBeGreaterThan(0);
    expect(elsewhere.seen).toEqual([]);
  });
});

describe.each(VARIANTS)('%s: credentials over plain http:// are refused unless allowed', (variant) => {
  it(`${variant}: no request leaves without allowInsecureHttp`, async () => {
    const server = await startScriptedServer();
    try {
      server.answer({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const { allowInsecureHttp: _allowed, ...config } = configFor(variant, server.url) as unknown as Record<
        string,
        unknown
      >;
      const outcome = await (async () => {
        const provider = (await createProvider(config as never)) as Provider;
        return provider.sites.get('101');
      })().then(
        () => 'value',
        (error: unknown) => error,
      );
      expect(isOmnihostError(outcome), String(outcome)).toBe(true);
      expect(String((outcome as Error).message)).toMatch(/http/i);
      expect(server.seen).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe.each(VARIANTS)('%s: abort ends an in-flight call at once', (variant) => {
  it(`${variant}: sites.get on a server that takes 5 s`, async () => {
    const server = await startScriptedServer();
    try {
      server.answer({ delayMs: 30_000, status: 200, body: '{}' });
      const provider = (await createProvider(configFor(variant, server.url, { timeoutMs: 60_000 }))) as Provider;
      const controller = new AbortController();
      const call = provider.sites.get('101', { signal: controller.signal }).then(
        () => 'value',
        (error: unknown) => error,
      );
      // Abort once the server holds the request (on a loaded machine that takes longer than a fixed pause).
      for (let waited = 0; server.seen.length === 0 && waited < 5_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(server.seen.length, 'the call is in flight when aborted').toBeGreaterThan(0);
      const started = performance.now();
      controller.abort();
      const outcome = await call;
      // Typically a few ms; the bound leaves room for timer lag on a loaded 2-core CI machine (419 ms was seen)
      // while staying far below the 30 s a call that ignored the abort would take.
      expect(performance.now() - started).toBeLessThan(3_000);
      expect((outcome as Error).name).toBe('AbortError');
      expect(vendorOf(variant)).toBeTruthy();
    } finally {
      await server.close();
    }
  });
});
