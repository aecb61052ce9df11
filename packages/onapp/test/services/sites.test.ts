/**
 * Sites = virtual servers, end to end against the simulator over real HTTP, once per wire format: listing
 * (stage and status from labels and flags, the environment filter, every paging variant a panel has),
 * getting by id or identifier, and what is refused before a request is sent.
 */
import { collect, isOmnihostError, NotFoundError, ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat } from '../../src/index.js';
import { startOnAppSimulator } from '../../src/testing/index.js';
import { useSimulatedPanel, withSim } from '../support/harness.js';

describe.each(['xml', 'json'] as const)('onapp sites over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format);

  it('lists servers as sites, stage and status from labels and flags', () => {
    expect(panel.sites.map((site) => [site.name, site.environment, site.status])).toEqual([
      ['shop-prod-01', 'prod', 'active'],
      ['shop-staging-01', 'staging', 'active'],
      ['shop-dev-01', 'dev', 'stopped'],
      ['shop-worker-01', 'other', 'active'],
      ['blog-prod-01', 'prod', 'active'],
      ['blog-staging-01', 'staging', 'active'],
    ]);
    expect(panel.named('shop-prod-01')).toMatchObject({
      vendor: 'onapp',
      url: 'shop-prod-01.example.net',
      environmentName: 'prod',
      rawStatus: 'built=true booted=true locked=false',
    });
    expect(panel.named('shop-prod-01').group).toMatch(/^hypervisor \d+$/);
  });

  it('gets a site by id or by identifier, and filters by environment', async () => {
    const { provider } = panel;
    const listed = panel.named('blog-prod-01');
    const identifier = (listed.raw as { identifier: string }).identifier;
    expect((await provider.sites.get(listed.id)).name).toBe('blog-prod-01');
    expect((await provider.sites.get(identifier)).id).toBe(listed.id);
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 });
    expect(prod.map((site) => site.name)).toEqual(['shop-prod-01', 'blog-prod-01']);
  });

  it('maps a missing server to NotFoundError and refuses a malformed id before sending it', async () => {
    const { provider, sim } = panel;
    await expect(provider.sites.get('9999999')).rejects.toBeInstanceOf(NotFoundError);
    const before = sim.server.stats().requests;
    await expect(provider.sites.get('12.json')).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.sites.get('../version')).rejects.toBeInstanceOf(ValidationError);
    expect(sim.server.stats().requests).toBe(before);
  });
});

describe('onapp simulator: one panel, both formats', () => {
  it('answers XML and JSON clients with the same servers', async () => {
    const sim = await startOnAppSimulator({ seed: 9 });
    try {
      const list = (format: OnAppFormat) =>
        collect(createOnAppProvider(sim.configFor(format)).sites.list(), { limit: 10 });
      const [xml, json] = await Promise.all([list('xml'), list('json')]);
      expect(json.map((site) => [site.id, site.name, site.status])).toEqual(
        xml.map((site) => [site.id, site.name, site.status]),
      );
      expect(Object.keys(sim.server.stats().byRoute)).toContain('GET /virtual_machines.:format');
      expect(isOmnihostError(new Error('plain'))).toBe(false);
    } finally {
      await sim.close();
    }
  });
});

describe('onapp sites: the last page, whatever the panel does with paging', () => {
  it.each([
    ['paged', 3],
    ['paged-without-totals', 3],
    ['ignored', 1],
  ] as const)('server list paging %s: every server once, in %i request(s)', async (serverListPaging, requests) => {
    await withSim({ siteCount: 250, serverListPaging, seed: 8 }, async (sim) => {
      const provider = createOnAppProvider(sim.config);
      sim.server.resetStats();
      const ids = new Set<string>();
      for await (const site of provider.sites.list()) ids.add(site.id);
      expect(ids.size).toBe(250);
      expect(sim.server.stats().requests).toBe(requests);
    });
  });

  it('goes past pages the environment filter empties, up to the last page', async () => {
    await withSim({ siteCount: 12, seed: 8 }, async (sim) => {
      // One server per page: three pages in four hold no dev server, and the list reads on past them.
      const provider = createOnAppProvider({ ...sim.config, pageSize: 1 });
      sim.server.resetStats();
      const dev = await collect(provider.sites.list({ environment: 'dev' }), { limit: 100 });
      expect(dev.map((site) => site.name)).toEqual(['shop-dev-01', 'blog-dev-01', 'api-dev-01']);
      expect(sim.server.stats().requests).toBe(12); // X-Total says the twelfth page is the last
    });
  });
});
