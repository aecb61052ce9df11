/**
 * Lazy paging over applications → environments at fleet scale, with Acquia's real budget on both sides
 * (the simulator enforces 100 calls/minute; the provider's limiter uses the same default): a handful of
 * sites costs a handful of calls, and the whole fleet fits in the budget without one 429.
 */
import { collect } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { ACQUIA_MAX_PAGE_SIZE, createAcquiaProvider } from '../src/index.js';
import { ExchangeLog } from './support/exchange-log.js';
import { specFidelitySuite } from './support/fidelity.js';
import { startRecordedSimulator } from './support/harness.js';

const log = new ExchangeLog();

describe('acquia paging', () => {
  it('walks 2,500 sites lazily within 100 calls per minute', async () => {
    const recorded = await startRecordedSimulator(log, {
      siteCount: 2500,
      seed: 61,
      rateLimit: { limit: 100, windowMs: 60_000 },
    });
    try {
      // The provider's default budget (100/minute), not the harness's unlimited one.
      const acquia = createAcquiaProvider(recorded.config);
      const first = await collect(acquia.sites.list(), { limit: 5 });
      expect(first).toHaveLength(5);
      // One token, one page of applications, one page of the first application's environments.
      expect(recorded.sim.server.stats().requests).toBe(3);

      const ids = new Set<string>();
      let pages = 0;
      for await (const page of acquia.sites.list().pages()) {
        pages += 1;
        for (const site of page) ids.add(site.id);
      }
      expect(ids.size).toBe(2500);
      // At most 50 applications by default: one applications page, then one environments page each.
      expect(pages).toBe(50);
      const stats = recorded.sim.server.stats();
      expect(stats.requests).toBe(3 + 1 + 50);
      expect(stats.throttled).toBe(0);
      const limits = log.exchanges.filter((exchange) => exchange.path !== '/api/auth/oauth/token');
      expect(limits.every((exchange) => exchange.query.includes(`limit=${ACQUIA_MAX_PAGE_SIZE}`))).toBe(true);
    } finally {
      await recorded.close();
    }
  });

  it('follows offsets across applications pages and environments pages', async () => {
    const recorded = await startRecordedSimulator(log, { siteCount: 37, environmentsPerApplication: 5, seed: 62 });
    try {
      const acquia = recorded.provider();
      const all = await collect(acquia.sites.list({ pageSize: 3 }), { limit: 1000 });
      expect(all).toHaveLength(37);
      expect(new Set(all.map((site) => site.id)).size).toBe(37);
      const applicationPages = log.exchanges.filter(
        (exchange) => exchange.path === '/api/applications' && exchange.query.includes('limit=3'),
      );
      // 8 applications at 3 per page: offsets 0, 3 and 6.
      expect(applicationPages.map((exchange) => new URLSearchParams(exchange.query).get('offset'))).toEqual([
        '0',
        '3',
        '6',
      ]);
    } finally {
      await recorded.close();
    }
  });
});

specFidelitySuite('paging.test.ts', log);
