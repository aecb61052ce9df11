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

  it('never passes over a server of unknown stage silently: a warning, or ValidationError when nothing matched', async () => {
    const { sim } = panel;
    const warnings: string[] = [];
    const warn = { warn: (line: string) => warnings.push(line) };
    const provider = createOnAppProvider({ ...sim.configFor(format), logger: warn });
    // shop-worker-01's label says no stage: selecting prod finds the prod servers and says one was passed over.
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 });
    expect(prod.map((site) => site.name)).toEqual(['shop-prod-01', 'blog-prod-01']);
    expect(warnings).toEqual(['omnihost: 1 sites of unknown environment were not selected']);
    expect(panel.named('shop-worker-01').environmentName).toBeUndefined();
    // With the staging servers mapped elsewhere, a staging selection would be empty only because of the
    // worker: it says so, and how to tell its stage (issue 13).
    const staging = ['shop-staging-01', 'blog-staging-01'].map((name) => panel.named(name).id);
    const remapped = createOnAppProvider({
      ...sim.configFor(format),
      siteEnvironments: Object.fromEntries(staging.map((id) => [id, 'dev' as const])),
    });
    const error = await collect(remapped.sites.list({ environment: 'staging' }), { limit: 10 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/1 sites have an environment that cannot be told; name the stage/);
    // A configured stage tells the worker's.
    const told = createOnAppProvider({
      ...sim.configFor(format),
      siteEnvironments: { [panel.named('shop-worker-01').id]: 'prod' },
    });
    expect(await collect(told.sites.list({ environment: 'prod' }), { limit: 10 })).toHaveLength(3);
  });

  it('maps a missing server, and an id OnApp never issues (before sending it), to NotFoundError', async () => {
    const { provider, sim } = panel;
    await expect(provider.sites.get('9999999')).rejects.toBeInstanceOf(NotFoundError);
    const before = sim.server.stats().requests;
    // Issue 13: a malformed id is "no such server" on every vendor, and costs no request.
    for (const id of ['12.json', '../version', '999999-doesnotexist', '24-a47ac10b-58cc-4372-a567-0e02b2c3d470']) {
      const error = await provider.sites.get(id).catch((caught: unknown) => caught);
      expect(error, id).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toMatch(/onapp sites\.get: .* is not an OnApp server id/);
    }
    await expect(provider.backups.get('101', 'abc')).rejects.toBeInstanceOf(NotFoundError);
    await expect(provider.sites.get('')).rejects.toBeInstanceOf(ValidationError);
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
