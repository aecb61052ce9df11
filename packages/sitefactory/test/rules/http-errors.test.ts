/**
 * Site Factory's error rules (`SITE_FACTORY_STATUS_TABLE` and the message prefixes that override it): any
 * error body is read without throwing, failures a factory reports with HTTP 200 or with a credential echoed
 * back become their typed errors without the credential, and the simulator's answers map to the right class.
 */
import {
  AuthenticationError,
  ConflictError,
  collect,
  createHttpClient,
  NotFoundError,
  noAuth,
  PermissionError,
  ResponseValidationError,
  type Site,
  ValidationError,
} from '@omnihost/core';
import { SimRouter, startSimServer } from '@omnihost/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteFactoryClient } from '../../src/client/raw-client.js';
import { createSiteFactoryProvider, siteFactoryErrorMapping } from '../../src/index.js';
import { type SiteFactoryExchange, startSiteFactorySimulator } from '../../src/testing/index.js';
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

describe('busy or locked (issue 13)', () => {
  const parse = (message: string, status = 400) =>
    siteFactoryErrorMapping.parseBody({ message }, { status, headers: {} });

  it('is ConflictError whatever the status and prefix: work in progress, not ready, disabled, wrong state', () => {
    for (const [message, code, status] of [
      ['Bad Request: A code update is already in progress.', 'in-progress', 400],
      ['Bad Request: Site 191 is already being deleted.', 'in-progress', 400],
      ['Bad Request: Backup 5002 is not complete yet.', 'not-ready', 400],
      ['Forbidden: Site creation is disabled.', 'disabled', 403],
      ['Bad Request: There is no site update in progress.', 'wrong-state', 400],
      ['Bad Request: Update 4726 has already started.', 'wrong-state', 400],
      ['Unprocessable Entity: a code update is already in progress', 'in-progress', 422],
    ] as const) {
      expect(parse(message, status), message).toMatchObject({ kind: 'conflict', vendorCode: code });
    }
  });

  it('leaves other refusals alone, and never reads a success or a server error as busy', () => {
    expect(parse('Bad Request: components must be some of codebase, database').kind).toBe('validation');
    expect(parse('Forbidden: Code updates need the release engineer role.', 403).kind).toBe('permission');
    expect(parse('The role platform admin is locked.').kind).toBeUndefined();
    expect(parse('A code update is already in progress.', 503).kind).toBeUndefined();
    expect(
      siteFactoryErrorMapping.successError?.({ message: 'Site update processing has been paused.' }),
    ).toBeUndefined();
    expect(
      siteFactoryErrorMapping.successError?.({ message: 'Bad Request: A code update is already in progress.' }),
    ).toMatchObject({ kind: 'conflict' });
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

  it('a code update started while another runs is ConflictError, not ValidationError (issue 13)', async () => {
    const slow = await startSiteFactorySimulator({ rateLimit: false, taskDurationMs: 60_000, seed: 3 });
    try {
      const provider = createSiteFactoryProvider({ ...slow.config, rateLimit: false });
      const [site] = await collect(provider.sites.list({ environment: 'prod' }), { limit: 1 });
      const first = await provider.deploys.deploy((site as Site).id, { ref: 'tags/2.4.0' });
      const second = await provider.deploys.deploy((site as Site).id, { ref: 'tags/2.4.1' }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(ConflictError);
      expect(second).toMatchObject({ status: 400, vendorCode: 'in-progress' });
      expect((second as Error).message).toContain('A code update is already in progress');
      expect(first.task.state).not.toBe('failed');
    } finally {
      await slow.close();
    }
  });

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
