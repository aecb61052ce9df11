/**
 * The provider's transport: a JSON body on every POST and PUT (`{}` when there is nothing to say, as
 * factories since 2.178 require), and the default rate limit, which is the vendor table's.
 */
import { collect, VENDORS } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_FACTORY_DEFAULT_RATE_LIMIT } from '../src/index.js';
import type { SiteFactoryExchange } from '../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from './support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };

describe('sitefactory transport', () => {
  let env: Recorded;

  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 80, seed: 21 }, traffic);
    // Writes of every kind: POSTs with a body and without one, and a PUT without one.
    const [site, other] = await collect(env.provider.sites.list({ environment: 'staging' }), { limit: 2 });
    const siteId = (site as { id: string }).id;
    await (await env.provider.backups.create(siteId, { label: 'with a body' })).wait(quick);
    await (await env.provider.backups.create((other as { id: string }).id)).wait(quick);
    await (await env.provider.clearCaches(siteId)).wait(quick);
    await (await env.provider.clearCaches(siteId)).wait(quick);
    const update = await env.provider.deploys.deploy(siteId, { ref: 'tags/2.4.0' });
    await env.provider.tasks.cancel(update.task.id);
  });
  afterAll(() => env?.sim.close());

  it('sends a JSON body on every POST and PUT, `{}` when there is nothing to say', () => {
    const writes = traffic.filter((exchange) => exchange.method === 'POST' || exchange.method === 'PUT');
    expect(writes.length).toBeGreaterThan(5);
    for (const exchange of writes) expect(() => JSON.parse(exchange.bodyText), exchange.path).not.toThrow();
    expect(writes.some((exchange) => exchange.bodyText === '{}')).toBe(true);
  });

  it("SITE_FACTORY_DEFAULT_RATE_LIMIT is the vendor table's assumed limit", () => {
    expect(SITE_FACTORY_DEFAULT_RATE_LIMIT).toEqual({ limit: 100, windowMs: 10_000 });
    expect(SITE_FACTORY_DEFAULT_RATE_LIMIT).toEqual(VENDORS.sitefactory.defaultRateLimit);
  });
});

checkTrafficAgainstSpec('transport', () => traffic);
