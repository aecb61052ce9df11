/**
 * Issue 13: Site Factory's production sites must be found by environment, with no stage in the config:
 * - on the simulator (a factory on `127.0.0.1`), from the sites' standard domains;
 * - on a factory with a custom host name, from its standard domain templates, read once and only then;
 * - and where nothing tells a site's stage, selecting a stage says so (a `ValidationError` naming
 *   `OMNIHOST_FACTORY_ENVIRONMENT`, or a warning when some sites matched) instead of selecting nothing.
 */
import { collect, type Site, ValidationError } from '@omnihost/core';
import { type SimResponse, SimRouter, type SimServer, startSimServer } from '@omnihost/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSiteFactoryProvider } from '../../src/index.js';
import { type SiteFactorySimulator, startSiteFactorySimulator } from '../../src/testing/index.js';

describe('sitefactory stages on the simulator, with no stage in the config', () => {
  let sim: SiteFactorySimulator;
  beforeAll(async () => {
    sim = await startSiteFactorySimulator({ seed: 5, rateLimit: false });
  });
  afterAll(() => sim?.close());

  it('lists every production site as prod (live) from its standard domain, and selects them', async () => {
    // What providerFromEnv builds without a stage variable: the simulator's config minus `environment`.
    const { environment: _stage, ...config } = sim.config;
    const provider = createSiteFactoryProvider(config);
    expect(provider.factoryStage).toBeUndefined();
    const all = await collect(provider.sites.list(), { limit: 100 });
    const byStage = (name: string) => all.filter((site) => site.environment === name).map((site) => site.id);
    expect(byStage('prod').length).toBeGreaterThan(0);
    expect(byStage('staging').length).toBeGreaterThan(0);
    expect(byStage('dev').length).toBeGreaterThan(0);
    expect(all.every((site) => site.environmentName !== undefined && site.environment !== 'other')).toBe(true);
    expect(all.filter((site) => site.environment === 'prod').every((site) => site.environmentName === 'live')).toBe(
      true,
    );
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 100 });
    expect(prod.map((site) => site.id)).toEqual(byStage('prod'));
    expect((await provider.sites.get(byStage('prod')[0] as string)).environment).toBe('prod');
    // Only the site list was asked for: the domains told every stage, so no template was read.
    expect(sim.server.stats().byRoute['GET /api/v1/factory-standard-domains']).toBeUndefined();
  });
});

/** A factory on a custom host: its sites' domains are not `*.acsitefactory.com`. */
async function customHostFactory(options: { templates: SimResponse }): Promise<SimServer> {
  const rows = [
    { id: 101, site: 'news', stack_id: 1, domain: 'news.sites.example.org' },
    { id: 106, site: 'shop', stack_id: 1, domain: 'shop-test.sites.example.org' },
    { id: 111, site: 'blog', stack_id: 2, domain: 'www.blog-custom.example.com' },
  ];
  const router = new SimRouter()
    .get('/api/v1/sites', (request) => {
      const page = Number(request.query.get('page') ?? '1');
      return { status: 200, json: { count: rows.length, sites: page === 1 ? rows : [] } };
    })
    .get('/api/v1/factory-standard-domains', () => options.templates);
  return startSimServer({
    name: 'sitefactory-custom-host',
    router,
    responses: {
      notFound: () => ({ status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html>Not found</html>' }),
      throttled: () => ({ status: 429, json: { message: 'slow down' } }),
      serverError: (status) => ({ status, json: { message: 'down' } }),
    },
  });
}

describe('sitefactory stages on a factory with a custom host name', () => {
  let server: SimServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const providerOn = (url: string, logger?: { warn: (...args: unknown[]) => void }) =>
    createSiteFactoryProvider({
      baseUrl: url,
      username: 'ops',
      apiKey: 'key',
      allowInsecureHttp: true,
      rateLimit: false,
      retry: { retries: 0 },
      logger,
    });

  it('reads the standard domain templates once, and tells prod and test sites by them', async () => {
    server = await customHostFactory({
      templates: {
        status: 200,
        json: {
          site_prod: ['[sitename].sites.example.org'],
          site_nonprod: ['[sitename]-[environment].sites.example.org'],
        },
      },
    });
    const provider = providerOn(server.url);
    const sites = await collect(provider.sites.list(), { limit: 10 });
    expect(sites.map((site) => [site.name, site.environment, site.environmentName])).toEqual([
      ['news', 'prod', 'live'],
      ['shop', 'staging', 'test'],
      ['blog', 'other', undefined],
    ]);
    await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 });
    expect(server.stats().byRoute['GET /api/v1/factory-standard-domains']).toBe(1);
  });

  it('without templates, a selection that matches nothing says why and how to tell the stage', async () => {
    server = await customHostFactory({
      templates: { status: 403, json: { message: 'Forbidden: platform admins only' } },
    });
    const provider = providerOn(server.url);
    const all = await collect(provider.sites.list(), { limit: 10 });
    expect(all.every((site: Site) => site.environment === 'other' && site.environmentName === undefined)).toBe(true);
    const error = await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/3 sites have an environment that cannot be told/);
    expect((error as ValidationError).message).toMatch(/OMNIHOST_FACTORY_ENVIRONMENT or --factory-environment/);
    // `other` keeps them; and a stage in the config tells them all.
    expect(await collect(provider.sites.list({ environment: 'other' }), { limit: 10 })).toHaveLength(3);
    const told = createSiteFactoryProvider({ ...providerOnConfig(server.url), environment: 'prod' });
    expect(await collect(told.sites.list({ environment: 'prod' }), { limit: 10 })).toHaveLength(3);
  });

  it('warns through the logger when a selection matched some sites and passed over sites of unknown stage', async () => {
    server = await customHostFactory({
      templates: { status: 200, json: { site_prod: ['[sitename].sites.example.org'], site_nonprod: [] } },
    });
    const warnings: unknown[][] = [];
    const provider = providerOn(server.url, { warn: (...args) => warnings.push(args) });
    const prod = await collect(provider.sites.list({ environment: 'prod' }), { limit: 10 });
    expect(prod.map((site) => site.name)).toEqual(['news']);
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.[0])).toMatch(/2 sites of unknown environment were not selected/);
  });
});

function providerOnConfig(url: string) {
  return { baseUrl: url, username: 'ops', apiKey: 'key', allowInsecureHttp: true as const, rateLimit: false as const };
}
