/**
 * A small fault run: backups and deploys under 20% random faults (5xx, resets before and after the
 * handler, throttling with Retry-After, slow answers, token expiry). Every call either succeeds or fails
 * with a typed omnihost error, and no mutation runs twice. Malformed bodies are covered in
 * rules/http-errors.test.ts, where the fidelity check is told which answers were broken on purpose.
 */
import { collect, isOmnihostError, type OmnihostError, type Site } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();

describe('acquia under random faults', () => {
  it('backups and deploys end in a result or a typed error, and nothing runs twice', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 71, taskDurationMs: 150, siteCount: 20 });
    try {
      const acquia = recorded.provider();
      const sites = await collect(acquia.sites.list(), { limit: 100 });
      const prods = sites.filter((site) => site.environment === 'prod');
      const stagings = sites.filter((site) => site.environment === 'staging');
      recorded.sim.server.setRandomFaults({
        rate: 0.2,
        seed: 5,
        kinds: ['server-error', 'throttle', 'reset', 'reset-after', 'slow', 'auth-expiry'],
        slowMs: 50,
        retryAfterSeconds: 1,
      });
      const wait = { minIntervalMs: 50, maxIntervalMs: 150, timeoutMs: 30_000 };
      const jobs = [
        ...prods.map((site: Site) => async () => (await acquia.backups.create(site.id)).wait(wait)),
        ...stagings.map(
          (site: Site) => async () => (await acquia.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(wait),
        ),
        ...prods.map((site: Site) => async () => (await acquia.backups.create(site.id)).wait(wait)),
      ];
      const outcomes = await Promise.allSettled(jobs.map((job) => job()));
      recorded.sim.server.setRandomFaults(undefined);

      const failures = outcomes
        .filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected')
        .map((outcome) => outcome.reason as unknown);
      for (const failure of failures) {
        expect(isOmnihostError(failure)).toBe(true);
        // What may surface: a POST that failed after it may have reached the server (never re-sent), or a
        // second token expiry while a call was already replaying after the first (core refreshes once).
        const error = failure as OmnihostError;
        const unsafeToResend =
          (error.name === 'NetworkError' || error.name === 'ServerError') && error.method === 'POST';
        const expiredTwice = error.name === 'AuthenticationError' && error.status === 403;
        expect(unsafeToResend || expiredTwice, String(error)).toBe(true);
      }
      const stats = recorded.sim.server.stats();
      expect(Object.values(stats.faults).reduce((sum, count) => sum + (count ?? 0), 0)).toBeGreaterThan(0);
      expect(stats.duplicateExecutions).toEqual([]);
      expect(stats.handlerErrors).toBe(0);
      expect(failures.length).toBeLessThan(outcomes.length);
    } finally {
      await recorded.close();
    }
  });
});

specFidelitySuite('testing/faults.test.ts', log);
