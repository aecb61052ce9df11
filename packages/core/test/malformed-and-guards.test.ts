import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  encodePath,
  NotFoundError,
  ResponseValidationError,
  ServerError,
  ValidationError,
} from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { clientFor, startTestApi } from './helpers/test-api.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const schema = z.object({ id: z.string() });

describe('malformed bodies become typed errors', () => {
  it.each([
    ['an HTML page', { 'Content-Type': 'text/html' }, '<!DOCTYPE html><html><title>Oops</title></html>', 'parse'],
    ['truncated JSON', { 'Content-Type': 'application/json' }, '{"id": "abc', 'parse'],
    ['an empty body', { 'Content-Type': 'application/json' }, '', 'schema'],
    ['the wrong shape', { 'Content-Type': 'application/json' }, '{"id": 42}', 'schema'],
  ])('%s', async (_label, headers, body, reason) => {
    server = await startTestApi((router) => router.get('/thing', () => ({ status: 200, headers, body })));
    const error = await clientFor(server)
      .request({ operation: 'thing', method: 'GET', path: '/thing', schema })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).reason).toBe(reason);
    expect((error as ResponseValidationError).path).toBe('/thing');
  });

  it('reports zod issues with paths', async () => {
    server = await startTestApi((router) => router.get('/thing', () => ({ status: 200, json: { id: 42 } })));
    const error = (await clientFor(server)
      .request({ operation: 'thing', method: 'GET', path: '/thing', schema })
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.issues[0]?.path).toEqual(['id']);
  });

  it('refuses a response over the size cap', async () => {
    server = await startTestApi((router) =>
      router.get('/big', () => ({ status: 200, json: { blob: 'x'.repeat(10_000) } })),
    );
    const error = await clientFor(server, { maxResponseBytes: 1000 })
      .request({ operation: 'big', method: 'GET', path: '/big' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).reason).toBe('too-large');
  });

  it('maps an HTML 500 to ServerError with the page title, not the page', async () => {
    server = await startTestApi((router) =>
      router.get('/boom', () => ({
        status: 500,
        headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'req-42' },
        body: `<html><head><title>Internal Server Error</title></head><body>${'trace '.repeat(500)}</body></html>`,
      })),
    );
    const error = (await clientFor(server)
      .request({ operation: 'boom', method: 'GET', path: '/boom' })
      .catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.requestId).toBe('req-42');
    expect(error.message).toContain('Internal Server Error');
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('request guards', () => {
  it('encodes hostile ids so they never change the request path', async () => {
    const seen: string[] = [];
    server = await startTestApi((router) =>
      router.get('/sites/:id', (request) => {
        seen.push(request.params.id as string);
        return { status: 200, json: { id: request.params.id } };
      }),
    );
    const client = clientFor(server);
    for (const id of ['a/b', '?x=1', '#frag', '%2e%2e', 'ünïcødé', 'a b', '..%2f']) {
      await client.request({ operation: 'get', method: 'GET', path: encodePath`/sites/${id}` });
    }
    expect(seen).toEqual(['a/b', '?x=1', '#frag', '%2e%2e', 'ünïcødé', 'a b', '..%2f']);
    expect(server.stats().byRoute.unmatched).toBeUndefined();
  });

  it('refuses dot-segment ids and paths that escape the base', async () => {
    server = await startTestApi(() => undefined);
    const client = clientFor({ url: `${server.url}/api` });
    expect(() => encodePath`/sites/${'..'}`).toThrow(ValidationError);
    expect(() => encodePath`/sites/${'.'}`).toThrow(ValidationError);
    await expect(client.request({ operation: 'x', method: 'GET', path: '/../admin' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(client.request({ operation: 'x', method: 'GET', path: '/%2e%2e/admin' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(server.stats().requests).toBe(0);
  });

  it('never sends a request to another host from an absolute link', async () => {
    const other = await startTestApi((router) => router.get('/steal', () => ({ status: 200, json: {} })));
    server = await startTestApi(() => undefined);
    const client = clientFor(server);
    await expect(client.request({ operation: 'x', method: 'GET', path: `${other.url}/steal` })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(other.stats().requests).toBe(0);
    await other.close();
  });

  it('follows an absolute link on the configured host', async () => {
    server = await startTestApi((router) =>
      router.get('/api/notifications/:id', () => ({ status: 200, json: { ok: 1 } })),
    );
    const client = clientFor({ url: `${server.url}/api` });
    const response = await client.request({
      operation: 'x',
      method: 'GET',
      path: `${server.url}/api/notifications/abc`,
    });
    expect(response.data).toEqual({ ok: 1 });
  });

  it('does not follow a redirect to another host', async () => {
    const other = await startTestApi((router) => router.get('/steal', () => ({ status: 200, json: {} })));
    server = await startTestApi((router) =>
      router.get('/moved', () => ({ status: 302, headers: { Location: `${other.url}/steal` } })),
    );
    const error = await clientFor(server)
      .request({ operation: 'x', method: 'GET', path: '/moved' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(other.stats().requests).toBe(0);
    await other.close();
  });

  it('refuses credentials over plain http unless allowed', () => {
    expect(() => clientFor({ url: 'http://api.example.com' }, { allowInsecureHttp: false })).toThrow(
      ConfigurationError,
    );
    expect(() => clientFor({ url: 'https://user:pw@api.example.com' })).toThrow(ConfigurationError);
    expect(() => clientFor({ url: 'not a url' })).toThrow(ConfigurationError);
  });

  it('maps unknown routes through the status table', async () => {
    server = await startTestApi(() => undefined);
    await expect(clientFor(server).request({ operation: 'x', method: 'GET', path: '/nope' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('the server-error-after fault', () => {
  it('runs the handler, then answers a 5xx: the work is done, the answer lost', async () => {
    const { startTestApi, clientFor } = await import('./helpers/test-api.js');
    const server = await startTestApi((router) =>
      router.post('/things', (request) => {
        server.recordExecution('create', request.callId);
        return { status: 201, json: { id: 1 } };
      }),
    );
    try {
      server.inject({ kind: 'server-error-after', status: 502 });
      const error = await clientFor(server)
        .request({ operation: 'create', method: 'POST', path: '/things', body: {} })
        .catch((e: unknown) => e);
      expect((error as { status?: number }).status).toBe(502);
      expect((error as { outcome?: string }).outcome).toBe('unknown');
      expect(server.stats().executions.create).toBe(1);
    } finally {
      await server.close();
    }
  });
});
