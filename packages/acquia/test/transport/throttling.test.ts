/**
 * The transport's rate limit (src/transport.ts): Acquia's 100 calls/minute, 429 + `Retry-After` in
 * seconds (seed 001), scaled down so the tests take seconds: storms of 429s slow the client down without
 * failing a call, the client-side limiter keeps under the server's limit, and a throttled POST runs
 * exactly once.
 *
 * A file (process) of its own: core's waiter remembers task durations process-wide, and the simulated
 * ten-minute backups of transport/auth.test.ts would make the waits here poll as if backups took that long.
 */
import { collect, type Site } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
/** Five calls per second: Acquia's budget shape, sixty times faster. */
const SCALED_LIMIT = { limit: 5, windowMs: 1000 };

describe('acquia throttling', () => {
  it('a storm of 429s slows a client without a limiter down, and no call fails', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 21, rateLimit: SCALED_LIMIT });
    try {
      const acquia = recorded.provider({ rateLimit: false });
      const sites = await collect(acquia.sites.list(), { limit: 12 });
      const results = await Promise.all(sites.map((site: Site) => acquia.sites.get(site.id)));
      expect(results).toHaveLength(12);
      const stats = acquia.stats();
      expect(stats.failures).toBe(0);
      expect(stats.throttled).toBeGreaterThan(0);
      expect(stats.throttled).toBe(recorded.sim.server.stats().throttled);
      const throttledAnswers = log.exchanges.filter((exchange) => exchange.status === 429);
      expect(throttledAnswers.length).toBe(stats.throttled);
    } finally {
      await recorded.close();
    }
  });

  it('the client-side limiter, set to the server’s budget, keeps every call under it', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 22, rateLimit: SCALED_LIMIT });
    try {
      const acquia = recorded.provider({ rateLimit: SCALED_LIMIT });
      const sites = await collect(acquia.sites.list(), { limit: 12 });
      await Promise.all(sites.slice(0, 8).map((site) => acquia.sites.get(site.id)));
      const server = recorded.sim.server.stats();
      expect(server.throttled).toBe(0);
      expect(server.maxRequestsInWindow).toBeLessThanOrEqual(SCALED_LIMIT.limit);
      expect(acquia.stats().limiterWaitMs).toBeGreaterThan(0);
    } finally {
      await recorded.close();
    }
  });

  it('honours Retry-After sent as an HTTP date', async () => {
    const recorded = await startRecordedSimulator(log, {
      seed: 23,
      faults: { rate: 0, retryAfterSeconds: 1, retryAfterAsDate: true },
    });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list(), { limit: 1 });
      recorded.sim.server.inject({ kind: 'throttle', count: 1 });
      expect((await acquia.sites.get(site?.id as string)).id).toBe(site?.id);
      expect(acquia.stats().throttled).toBe(1);
      expect(log.exchanges.some((exchange) => exchange.status === 429)).toBe(true);
      expect(acquia.stats().failures).toBe(0);
    } finally {
      await recorded.close();
    }
  });

  it('a throttled backup create is retried (the 429 proves it did not run) and runs exactly once', async () => {
    const recorded = await startRecordedSimulator(log, {
      seed: 24,
      taskDurationMs: 100,
      faults: { rate: 0, retryAfterSeconds: 1 },
    });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list({ environment: 'prod' }), { limit: 1 });
      recorded.sim.server.inject({ kind: 'throttle', count: 1, match: (request) => request.method === 'POST' });
      const backup = await (await acquia.backups.create(site?.id as string)).wait({ minIntervalMs: 50 });
      expect(backup.state).toBe('completed');
      const server = recorded.sim.server.stats();
      expect(server.executions.backup).toBe(1);
      expect(server.duplicateExecutions).toEqual([]);
      expect(acquia.stats().throttled).toBe(1);
    } finally {
      await recorded.close();
    }
  });
});

specFidelitySuite('transport/throttling.test.ts', log);
