import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NetworkError, RateLimitError, ServerError } from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { clientFor, startTestApi } from './helpers/test-api.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function countingApi(times: number[]) {
  return startTestApi((router) => {
    router.get('/things', () => {
      times.push(Date.now());
      return { status: 200, json: { items: [1, 2] } };
    });
    router.post('/things', () => {
      times.push(Date.now());
      server?.recordExecution('create');
      return { status: 201, json: { id: 'new' } };
    });
  });
}

describe('retries', () => {
  it('honours Retry-After in seconds', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.inject({ kind: 'throttle', count: 1 });
    const client = clientFor(server);
    const started = Date.now();
    const response = await client.request({
      operation: 'list',
      method: 'GET',
      path: '/things',
      schema: z.object({ items: z.array(z.number()) }),
    });
    expect(response.data.items).toEqual([1, 2]);
    expect(times[0]! - started).toBeGreaterThanOrEqual(950);
    expect(client.stats()).toMatchObject({ retries: 1, throttled: 1, failures: 0 });
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.setRandomFaults({ rate: 0, retryAfterAsDate: true, retryAfterSeconds: 2 });
    server.inject({ kind: 'throttle', count: 1 });
    const client = clientFor(server);
    const started = Date.now();
    await client.request({ operation: 'list', method: 'GET', path: '/things' });
    // An HTTP-date has one-second resolution: a "2 s" date is between 1 and 2 s away.
    expect(times[0]! - started).toBeGreaterThanOrEqual(900);
    expect(client.stats().throttled).toBe(1);
  });

  it('gives up at the retry cap with the last typed error', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.inject({ kind: 'server-error', status: 503, count: 10 });
    const client = clientFor(server, { retry: { retries: 2, minDelayMs: 5, maxDelayMs: 10 } });
    const error = await client.request({ operation: 'list', method: 'GET', path: '/things' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(server.stats().requests).toBe(3);
    expect(times).toHaveLength(0);
  });

  it('gives up when Retry-After exceeds the total wait cap', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.setRandomFaults({ rate: 0, retryAfterSeconds: 30 });
    server.inject({ kind: 'throttle', count: 1 });
    const client = clientFor(server, { retry: { maxTotalWaitMs: 5_000 } });
    const error = await client.request({ operation: 'list', method: 'GET', path: '/things' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(server.stats().requests).toBe(1);
  });

  it('sends a POST that reached the server exactly once (5xx and reset after execution)', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    const client = clientFor(server);
    server.inject({ kind: 'reset-after', count: 1 });
    const reset = await client
      .request({ operation: 'create', method: 'POST', path: '/things', body: {} })
      .catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(NetworkError);
    expect(server.stats().executions.create).toBe(1);
    expect(server.stats().requests).toBe(1);

    server.inject({ kind: 'server-error', status: 502, count: 1 });
    const bad = await client
      .request({ operation: 'create', method: 'POST', path: '/things', body: {} })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ServerError);
    expect(server.stats().requests).toBe(2);
    expect(server.stats().executions.create).toBe(1);
  });

  it('retries a POST the server proved it did not process (429), and no other', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.setRandomFaults({ rate: 0, retryAfterSeconds: 0 });
    server.inject({ kind: 'throttle', count: 2 });
    const client = clientFor(server);
    const response = await client.request({ operation: 'create', method: 'POST', path: '/things', body: {} });
    expect(response.status).toBe(201);
    expect(server.stats().executions.create).toBe(1);
    expect(server.stats().requests).toBe(3);
  });

  it('does not re-send a POST after a 503, even with Retry-After: its outcome is unknown', async () => {
    server = await countingApi([]);
    server.setRandomFaults({ rate: 0, retryAfterSeconds: 0 });
    // A load balancer's maintenance page with Retry-After proves nothing about whether the backend ran it.
    server.inject({ kind: 'throttle', status: 503, count: 1 });
    const client = clientFor(server);
    const error = await client
      .request({ operation: 'create', method: 'POST', path: '/things', body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).outcome).toBe('unknown');
    expect(server.stats().requests).toBe(1);
  });

  it('retries a GET after a connection reset', async () => {
    const times: number[] = [];
    server = await countingApi(times);
    server.inject({ kind: 'reset', count: 2 });
    const client = clientFor(server);
    await client.request({ operation: 'list', method: 'GET', path: '/things' });
    expect(times).toHaveLength(1);
    expect(client.stats().retries).toBe(2);
  });

  it('retries a refused connection even for a POST, then reports a NetworkError', async () => {
    const closed = await countingApi([]);
    const url = closed.url;
    await closed.close();
    const client = clientFor({ url }, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await client
      .request({ operation: 'create', method: 'POST', path: '/things', body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).networkCode).toBe('ECONNREFUSED');
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });
  });
});
