/**
 * `sites` (src/services/sites.ts): environments of every application as sites, over real HTTP against the
 * simulator (every exchange checked against the official spec at the end of the file); lazy paging over
 * applications → environments at fleet scale, with Acquia's real budget on both sides (the simulator
 * enforces 100 calls/minute; the provider's limiter uses the same default): a handful of sites costs a
 * handful of calls, and the whole fleet fits in the budget without one 429; and the pages the walk goes
 * past (applications without environments, pages the stage filter empties).
 */
import { collect, NotFoundError, type Site } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACQUIA_MAX_PAGE_SIZE, type AcquiaProvider, createAcquiaProvider } from '../../src/index.js';
import { createSiteService } from '../../src/services/sites.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { fakeCaller, halItems } from '../support/fake-caller.js';
import { specFidelitySuite } from '../support/fidelity.js';
import {
  type RecordedSimulator,
  siteOfStage,
  startRecordedSimulator,
  startVocabularySimulator,
} from '../support/harness.js';

const log = new ExchangeLog();

describe('acquia vocabulary against the simulator', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let sites: Site[];
  beforeAll(async () => {
    ({ recorded, acquia, sites } = await startVocabularySimulator(log));
  });
  afterAll(() => recorded?.close());

  const byStage = (stage: string, application = 0) => siteOfStage(sites, stage, application);

  describe('sites', () => {
    it('lists every environment of every application as a site', () => {
      expect(sites).toHaveLength(10);
      expect(new Set(sites.map((site) => site.group)).size).toBe(3);
      const prod = byStage('prod');
      expect(prod.environment).toBe('prod');
      expect(prod.id).toMatch(/^\d+-[0-9a-f-]{36}$/);
      expect(prod.name).toMatch(/\.prod$/);
      expect(prod.url).toMatch(/^https:\/\/www\./);
      expect(prod.status).toBe('active');
      expect(byStage('test').environment).toBe('staging');
      expect(byStage('ode1').environment).toBe('dev');
    });

    it('pages lazily with the requested page size and filters by stage', async () => {
      const before = log.exchanges.length;
      const pages: number[] = [];
      for await (const page of acquia.sites.list({ pageSize: 2 }).pages()) pages.push(page.length);
      expect(pages.reduce((sum, size) => sum + size, 0)).toBe(10);
      expect(Math.max(...pages)).toBe(2);
      const queries = log.exchanges.slice(before).map((exchange) => exchange.query);
      expect(queries.every((query) => /limit=2/.test(query))).toBe(true);

      const staging = await collect(acquia.sites.list({ environment: 'staging' }), { limit: 100 });
      expect(staging.map((site) => site.environmentName)).toEqual(['test', 'test', 'test']);
    });

    it('gets one site; an unknown environment id is NotFoundError', async () => {
      const prod = byStage('prod');
      expect((await acquia.sites.get(prod.id)).name).toBe(prod.name);
      await expect(acquia.sites.get('1234567-00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(acquia.sites.get('not-an-environment')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});

describe('acquia paging', () => {
  it('walks 2,500 sites lazily within 100 calls per minute', async () => {
    const before = log.exchanges.length;
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
      // This test's exchanges (the file's log also holds the other tests').
      const limits = log.exchanges.slice(before).filter((exchange) => exchange.path !== '/api/auth/oauth/token');
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

describe('acquia sites: pages the walk goes past', () => {
  const UUIDS = ['a', 'b', 'c', 'd'].map((letter) => `${letter.repeat(8)}-0000-4000-8000-000000000000`);
  const environment = (application: number, name: string) => ({
    id: `${application * 10 + 1}-${UUIDS[application]}`,
    name,
    status: 'normal',
    application: { uuid: UUIDS[application], name: `App ${application}` },
  });
  /** Four applications: the second is not hosted (the API's 404), the third has only a dev environment. */
  const account = () =>
    fakeCaller(({ key, params }) => {
      if (key === 'getApplications') {
        return halItems(UUIDS.map((uuid, index) => ({ uuid, name: `App ${index}` })));
      }
      const application = UUIDS.indexOf(String(params?.path?.applicationUuid));
      if (application === 1) {
        throw new NotFoundError('No environments exist on non-hosted applications.', { vendor: 'acquia' });
      }
      return halItems(application === 2 ? [environment(2, 'dev')] : [environment(application, 'prod')]);
    });

  it('an application without hosted environments yields no sites, and the walk goes on', async () => {
    const caller = account();
    const pages: string[][] = [];
    for await (const page of createSiteService(caller).list().pages()) pages.push(page.map((site) => site.id));
    expect(pages).toEqual([[`1-${UUIDS[0]}`], [`21-${UUIDS[2]}`], [`31-${UUIDS[3]}`]]);
    expect(caller.calls.map((call) => call.key)).toEqual([
      'getApplications',
      'getApplicationEnvironments',
      'getApplicationEnvironments',
      'getApplicationEnvironments',
      'getApplicationEnvironments',
    ]);
  });

  it('pages the stage filter empties do not end the list', async () => {
    const caller = account();
    const prod = await collect(createSiteService(caller).list({ environment: 'prod' }), { limit: 100 });
    expect(prod.map((site) => site.group)).toEqual([UUIDS[0], UUIDS[3]]);
    const dev = await collect(createSiteService(caller).list({ environment: 'dev' }), { limit: 100 });
    expect(dev.map((site) => site.group)).toEqual([UUIDS[2]]);
  });
});

specFidelitySuite('services/sites.test.ts', log);
