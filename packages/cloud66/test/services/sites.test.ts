/** Sites are stacks: listed lazily (30 a page), filtered by environment on the client, got one by one. */
import { collect, createProvider, NotFoundError, siteSchema, ValidationError } from '@omnihost/core';
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

  it('a site, backup or task id Cloud 66 never issues is NotFoundError, and nothing is sent (issue 13)', async () => {
    const before = sim.server.stats().requests;
    const foreign = ['999999-doesnotexist', '24-a47ac10b-58cc-4372-a567-0e02b2c3d470', 'stack name'];
    for (const id of foreign) {
      await expect(provider.sites.get(id), id).rejects.toThrow(/is not a Cloud 66 site id/);
      await expect(collect(provider.backups.list(id), { limit: 1 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(provider.backups.get(sim.stackUid(PROD), id)).rejects.toThrow(/is not a Cloud 66 backup id/);
      await expect(provider.tasks.get(id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(provider.tasks.get(`${id}:12`)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(sim.server.stats().requests).toBe(before);
    // An empty id is not an id at all.
    await expect(provider.sites.get('')).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.tasks.cancel('')).rejects.toBeInstanceOf(ValidationError);
    // An id of the right form that names nothing is asked, and the 404 is NotFoundError too.
    await expect(provider.sites.get('0123456789abcdef0123456789abcdef')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is reachable through core createProvider too', async () => {
    const generic = await createProvider(sim.config);
    expect(generic.vendor).toBe('cloud66');
    expect((await generic.sites.get(sim.stackUid(STAGING))).environment).toBe('staging');
  });
});
