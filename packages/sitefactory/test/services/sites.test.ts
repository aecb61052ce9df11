/**
 * Sites against the simulator: the list is lazy, pages at the requested size and stops where the count
 * says; an environment filter, which Site Factory cannot apply itself, goes past pages without a match;
 * `get` maps one site; a malformed id is `NotFoundError` before any request.
 */
import { collect, NotFoundError, type Site, ValidationError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const siteListRequests = (from: number) => traffic.slice(from).filter((exchange) => exchange.path === '/api/v1/sites');

describe('sitefactory sites', () => {
  let env: Recorded;
  let all: Site[];

  beforeAll(async () => {
    env = await startRecorded({ seed: 21 }, traffic);
    all = await collect(env.provider.sites.list(), { limit: 100 });
  });
  afterAll(() => env?.sim.close());

  it('lists every site, one request per page, and stops where the count says', async () => {
    expect(all).toHaveLength(12);
    expect(new Set(all.map((site) => site.id)).size).toBe(12);
    expect(all.every((site) => site.vendor === 'sitefactory' && site.status === 'active')).toBe(true);
    expect(new Set(all.map((site) => site.group))).toEqual(new Set(['1', '2']));

    const mark = traffic.length;
    const paged = await collect(env.provider.sites.list({ pageSize: 5 }), { limit: 100 });
    expect(paged.map((site) => site.id)).toEqual(all.map((site) => site.id));
    // 12 sites in pages of 5: the count says the third page is the last.
    expect(siteListRequests(mark).map((exchange) => exchange.query.page?.[0])).toEqual(['1', '2', '3']);
    expect(siteListRequests(mark).every((exchange) => exchange.query.limit?.[0] === '5')).toBe(true);
  });

  it('filters by environment page by page, going past pages without a match', async () => {
    const dev = all.filter((site) => site.environment === 'dev');
    expect(dev.length).toBeGreaterThan(0);
    expect(dev.length).toBeLessThan(6);

    const mark = traffic.length;
    const pages: (readonly Site[])[] = [];
    for await (const page of env.provider.sites.list({ environment: 'dev', pageSize: 1 }).pages()) pages.push(page);
    expect(pages.flat().map((site) => site.id)).toEqual(dev.map((site) => site.id));
    // Only pages with a match are handed out, but every page up to the count was asked for: the ones whose
    // site was filtered out did not end the list.
    expect(pages.every((page) => page.length === 1)).toBe(true);
    expect(siteListRequests(mark)).toHaveLength(12);
  });

  it('stops fetching when the caller stops iterating', async () => {
    const mark = traffic.length;
    for await (const site of env.provider.sites.list({ pageSize: 2 })) {
      expect(site.id).toBe(all[0]?.id);
      break;
    }
    expect(siteListRequests(mark)).toHaveLength(1);
  });

  it('gets one site by id; a malformed id is NotFoundError (an empty one ValidationError) before any request', async () => {
    const first = all[0] as Site;
    const site = await env.provider.sites.get(first.id);
    expect(site).toMatchObject({ id: first.id, name: first.name, group: first.group, environment: first.environment });

    const mark = traffic.length;
    // Issue 13: an id Site Factory can never issue is "no such site", as on every vendor.
    for (const id of ['0', 'abc', '1/../2', '-3', '999999-doesnotexist', '24-a47ac10b-58cc-4372-a567-0e02b2c3d470']) {
      const error = await env.provider.sites.get(id).catch((caught: unknown) => caught);
      expect(error, id).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).operation).toBe('sites.get');
      expect((error as NotFoundError).message).toMatch(/is not a Site Factory site id/);
    }
    const empty = await env.provider.sites.get('').catch((caught: unknown) => caught);
    expect(empty).toBeInstanceOf(ValidationError);
    expect((empty as ValidationError).fieldErrors.siteId).toEqual(['is required']);
    expect(traffic.length).toBe(mark);
  });
});

checkTrafficAgainstSpec('sites', () => traffic);
