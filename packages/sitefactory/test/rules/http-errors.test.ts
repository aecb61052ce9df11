/**
 * Site Factory's error rules (`SITE_FACTORY_STATUS_TABLE` and the message prefixes that override it): any
 * error body is read without throwing, failures a factory reports with HTTP 200 or with a credential echoed
 * back become their typed errors without the credential, and the simulator's answers map to the right class.
 */
import {
  AuthenticationError,
  createHttpClient,
  NotFoundError,
  noAuth,
  PermissionError,
  ResponseValidationError,
  ValidationError,
} from '@omnihost/core';
import { SimRouter, startSimServer } from '@omnihost/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteFactoryClient } from '../../src/client/raw-client.js';
import { createSiteFactoryProvider, siteFactoryErrorMapping } from '../../src/index.js';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startWithProdSite } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];

describe('error bodies', () => {
  it('reads any error body without throwing, and classifies the message prefixes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        expect(() => siteFactoryErrorMapping.parseBody(body, { status, headers: {} })).not.toThrow();
      }),
    );
    const kind = (message: string) => siteFactoryErrorMapping.parseBody({ message }, { status: 403, headers: {} }).kind;
    expect(kind('Access Denied')).toBe('authentication');
    expect(kind('Forbidden: no release engineer role')).toBe('permission');
    expect(kind('Unprocessible Entity: bad domain')).toBe('validation');
    expect(kind('Something else')).toBeUndefined();
  });
});

describe('failures a factory reports in odd ways', () => {
  const apiKey = 'k3y-that-must-not-leak-0123456789';
  let server: Awaited<ReturnType<typeof startSimServer>>;
  beforeAll(async () => {
    const router = new SimRouter()
      .get('/api/v1/sites/1', () => ({ status: 200, json: { message: 'Access denied' } }))
      .get('/api/v1/sites/2', () => ({ status: 200, json: { message: 'Forbidden: sites are hidden from you' } }))
      .get('/api/v1/sites/3', () => ({ status: 400, json: { message: `Bad Request: the key ${apiKey} is malformed` } }))
      .get('/api/v1/sites/4', () => ({ status: 200, json: { id: 'four', site: 7 } }));
    server = await startSimServer({
      name: 'odd-factory',
      router,
      responses: {
        notFound: () => ({ status: 404, body: '<html></html>' }),
        throttled: () => ({ status: 429, json: {} }),
        serverError: (status) => ({ status, json: {} }),
      },
    });
  });
  afterAll(() => server?.close());

  const provider = () =>
    createSiteFactoryProvider({
      baseUrl: server.url,
      username: 'ops',
      apiKey,
      allowInsecureHttp: true,
      rateLimit: false,
    });

  it('turns a 200 carrying "Access denied" or "Forbidden:" into the typed error (sf-sdk-ruby does the same)', async () => {
    await expect(provider().sites.get('1')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(provider().sites.get('2')).rejects.toBeInstanceOf(PermissionError);
  });

  it('never lets the API key into an error, even when the factory echoes it', async () => {
    const error = (await provider()
      .sites.get('3')
      .catch((caught: unknown) => caught)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const everything = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.fieldErrors)}`;
    expect(everything).not.toContain(apiKey);
    expect(everything).toContain('malformed');
  });

  it('turns a shape it cannot use into ResponseValidationError', async () => {
    const error = (await provider()
      .sites.get('4')
      .catch((caught: unknown) => caught)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.operation).toBe('sites.get');
  });
});

describe('sitefactory errors from the simulator', () => {
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    ({ siteId, ...env } = await startWithProdSite(traffic));
  });
  afterAll(() => env?.sim.close());

  it('maps 401, 403 "Access denied", 403 "Forbidden:", 404 (JSON and HTML) and 400 to typed errors', async () => {
    const anonymous = createSiteFactoryClient({
      http: createHttpClient({
        vendor: 'sitefactory',
        baseUrl: env.sim.url,
        auth: noAuth(),
        errorMapping: siteFactoryErrorMapping,
        allowInsecureHttp: true,
        rateLimit: false,
      }),
    });
    const unauthenticated = await anonymous.call('get_Ping_ping').catch((caught: unknown) => caught);
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
    expect((unauthenticated as AuthenticationError).status).toBe(401);

    const impostor = createSiteFactoryProvider({ ...env.sim.badCredentialsConfig, rateLimit: false });
    const denied = await impostor.sites.get(siteId).catch((caught: unknown) => caught);
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect((denied as AuthenticationError).status).toBe(403);
    expect((denied as AuthenticationError).vendorCode).toBe('access-denied');
    expect(JSON.stringify(denied)).not.toContain(env.sim.badCredentialsConfig.apiKey);

    const builder = createSiteFactoryProvider({ ...env.sim.siteBuilderConfig, rateLimit: false });
    const forbidden = await builder.deploys.deploy(siteId, { ref: 'tags/2.4.0' }).catch((caught: unknown) => caught);
    expect(forbidden).toBeInstanceOf(PermissionError);
    expect((forbidden as PermissionError).vendorCode).toBe('forbidden');

    const missing = await env.provider.sites.get('9999999').catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).message).toContain('9999999');

    const invalid = await env.provider.raw
      .call('post_Sites_backupSite', { path: { site_id: siteId }, body: { components: ['everything'] } })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).status).toBe(400);
    expect((invalid as ValidationError).vendorCode).toBe('bad-request');
    expect((invalid as ValidationError).fieldErrors._?.[0]).toContain('components must be some of');
  });
});

checkTrafficAgainstSpec('http-errors', () => traffic);
