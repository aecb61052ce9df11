import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, type RateLimiter, SlidingWindowRateLimiter } from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { clientFor, startTestApi } from './helpers/test-api.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('client-side rate limiter', () => {
  it('never exceeds its rate, as measured by the server', async () => {
    server = await startTestApi((router) => router.get('/ping', () => ({ status: 200, json: { ok: true } })), {
      rateLimit: { limit: 10, windowMs: 400 },
    });
    const client = clientFor(server, { rateLimit: { limit: 10, windowMs: 400, key: `test-${Date.now()}` } });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 45 }, () => client.request({ operation: 'ping', method: 'GET', path: '/ping' })),
    );
    const elapsed = Date.now() - started;
    const stats = server.stats();
    expect(stats.throttled).toBe(0);
    expect(stats.maxRequestsInWindow).toBeLessThanOrEqual(10);
    expect(stats.requests).toBe(45);
    // 45 calls at 10 per 400 ms need at least four full windows after the first burst.
    expect(elapsed).toBeGreaterThanOrEqual(1600);
  });

  it('shares one budget between clients for the same account', async () => {
    server = await startTestApi((router) => router.get('/ping', () => ({ status: 200, json: {} })), {
      rateLimit: { limit: 5, windowMs: 300 },
    });
    const key = `shared-${Date.now()}`;
    const a = clientFor(server, { rateLimit: { limit: 5, windowMs: 300, key } });
    const b = clientFor(server, { rateLimit: { limit: 5, windowMs: 300, key } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).request({ operation: 'ping', method: 'GET', path: '/ping' }),
      ),
    );
    expect(server.stats().throttled).toBe(0);
    expect(server.stats().maxRequestsInWindow).toBeLessThanOrEqual(5);
  });

  it('absorbs a throttling storm without a failed call, pausing every caller', async () => {
    server = await startTestApi((router) => router.get('/ping', () => ({ status: 200, json: {} })));
    server.setRandomFaults({ rate: 0, retryAfterSeconds: 1 });
    server.inject({ kind: 'throttle', count: 5 });
    const client = clientFor(server, { rateLimit: { limit: 100, windowMs: 1000, key: `storm-${Date.now()}` } });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.request({ operation: 'ping', method: 'GET', path: '/ping' })),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(client.stats().throttled).toBeGreaterThanOrEqual(5);
    expect(client.stats().failures).toBe(0);
  });

  it('queues first come, first served and can be aborted while queued', async () => {
    const limiter = new SlidingWindowRateLimiter(1, 60_000, 0);
    await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    expect(limiter.pending).toBe(1);
    const started = Date.now();
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    // Far below the 60 s window a queued acquire that ignored the abort would wait (CI timers lag by 100s of ms).
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(limiter.pending).toBe(0);
  });

  it('grants exactly `limit` per window with an injected clock', async () => {
    let now = 0;
    const limiter = new SlidingWindowRateLimiter(3, 1000, 0, () => now);
    const granted: number[] = [];
    for (let i = 0; i < 3; i += 1)
      await limiter.acquire().then((release) => {
        granted.push(now);
        release();
      });
    let fourth = false;
    void limiter.acquire().then(() => {
      fourth = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fourth).toBe(false);
    now = 1000;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(fourth).toBe(true);
    expect(granted).toEqual([0, 0, 0]);
  });
});

describe('a pluggable limiter', () => {
  it('is asked before every attempt instead of the process-wide one, and told when the vendor throttles', async () => {
    const server = await startTestApi((router) => router.get('/things', () => ({ status: 200, json: { ok: true } })));
    try {
      server.setRandomFaults({ rate: 0, retryAfterSeconds: 0 });
      server.inject({ kind: 'throttle', count: 1 });
      const calls = { acquired: 0, released: 0, paused: [] as number[] };
      const limiter: RateLimiter = {
        async acquire() {
          calls.acquired += 1;
          return () => {
            calls.released += 1;
          };
        },
        pauseFor(ms) {
          calls.paused.push(ms);
        },
      };
      const client = clientFor(server, { limiter, rateLimit: { limit: 1, windowMs: 3_600_000 } });
      await client.request({ operation: 'list', method: 'GET', path: '/things' });
      await client.request({ operation: 'list', method: 'GET', path: '/things' });
      // Two calls, one throttled and retried: three attempts, all through the plugged limiter (the hourly
      // in-process budget of one would have held the second call for an hour).
      expect(calls).toMatchObject({ acquired: 3, released: 3 });
      expect(calls.paused).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
