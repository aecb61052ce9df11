import { AbortError, createProvider, type Provider, type ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../src/redis/limiter.js';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis.js';
import { startSimulator } from '../support/simulators.js';

describeWithRedis('RedisRateLimiter', () => {
  let redis: TestRedis;
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  it('keeps four limiters on four connections within one vendor window: never more than the limit, 0 throttles', async () => {
    const limit = { limit: 20, windowMs: 1_000 };
    const sim: VendorSimulator<ProviderConfig> = await startSimulator('cloud66', {
      siteCount: 5,
      rateLimit: limit,
      latencyMs: 5,
    });
    try {
      // Four "workers": each its own Redis connection, limiter and provider, one account between them.
      const providers = await Promise.all(
        [1, 2, 3, 4].map(async () => {
          const limiter = new RedisRateLimiter(connect(), { key: 'test:limit:c66', ...limit });
          return (await createProvider({ ...sim.config, rateLimit: limit, limiter })) as Provider;
        }),
      );
      const started = performance.now();
      await Promise.all(
        providers.flatMap((provider) =>
          Array.from({ length: 15 }, () => provider.sites.list().pages()[Symbol.asyncIterator]().next()),
        ),
      );
      const elapsed = performance.now() - started;
      const stats = sim.server.stats();
      expect(stats.requests).toBe(60);
      expect(stats.throttled).toBe(0);
      expect(stats.maxRequestsInWindow).toBeLessThanOrEqual(limit.limit);
      // 60 requests at 20 a window need at least two more windows after the first.
      expect(elapsed).toBeGreaterThanOrEqual(2 * limit.windowMs);
    } finally {
      await sim.close();
    }
  });

  it('pauses every limiter of the account when one is told to (a vendor throttled)', async () => {
    const a = new RedisRateLimiter(connect(), { key: 'test:limit:pause', limit: 100, windowMs: 1_000 });
    const b = new RedisRateLimiter(connect(), { key: 'test:limit:pause', limit: 100, windowMs: 1_000 });
    await a.pauseFor(400);
    const started = performance.now();
    const release = await b.acquire();
    release();
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('rejects a waiter whose signal fires with AbortError, holding nothing', async () => {
    const limiter = new RedisRateLimiter(connect(), { key: 'test:limit:abort', limit: 1, windowMs: 60_000 });
    const first = await limiter.acquire();
    first();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });

  it('dates a slot whose worker died by its lease, so the window still frees', async () => {
    const limiter = new RedisRateLimiter(connect(), {
      key: 'test:limit:lease',
      limit: 1,
      windowMs: 200,
      leaseMs: 300,
    });
    await limiter.acquire(); // never released: the worker "died" mid-request
    const started = performance.now();
    const release = await limiter.acquire();
    release();
    // Free once the lease ended (300 ms) and a window passed after it (200 ms).
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });
});
