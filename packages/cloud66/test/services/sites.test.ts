/** Sites are stacks: listed lazily (30 a page), filtered by environment on the client, got one by one. */
import { collect, createProvider, siteSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { PROD, providerFor, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile();
const provider = providerFor(sim);

describe('sites', () => {
  it('lists the stacks as sites, with prod and staging among them', async () => {
    const sites = await collect(provider.sites.list(), { limit: 100 });
    expect(sites).toHaveLength(8);
    for (const site of sites) expect(siteSchema.safeParse(site).success).toBe(true);
    expect(sites[PROD]).toMatchObject({ id: sim.stackUid(PROD), environment: 'prod', environmentName: 'production' });
    expect(sites[STAGING]).toMatchObject({ environment: 'staging', status: 'active', rawStatus: '1' });
    expect(sites.map((site) => site.environment)).toContain('dev');
  });

  it('filters by environment on the client, over the vendor names', async () => {
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 100 });
    expect(prod.length).toBeGreaterThanOrEqual(2);
    expect(prod.every((site) => site.environmentName === 'production')).toBe(true);
  });

  it('gets one stack, with its non-ISO creation date read', async () => {
    const site = await provider.sites.get(sim.stackUid(PROD));
    expect(site.createdAt).toBeInstanceOf(Date);
    expect(site.url).toMatch(/\.c66\.me$/);
  });

  it('is reachable through core createProvider too', async () => {
    const generic = await createProvider(sim.config);
    expect(generic.vendor).toBe('cloud66');
    expect((await generic.sites.get(sim.stackUid(STAGING))).environment).toBe('staging');
  });
});
