/**
 * Acquia's error rule (src/rules/http-errors.ts: `ACQUIA_STATUS_TABLE` and the body reader) and its failure
 * modes as typed errors: `message` as a string, an object of field messages or an array; HTML 500s; 503
 * `system`; `X-Request-Id` on every error; resets, slow and malformed responses; and the rule that a
 * mutating request that may have run is never sent again. The body reader also has a property-based test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationError,
  ConflictError,
  collect,
  DEFAULT_STATUS_TABLE,
  kindForStatus,
  NetworkError,
  NotFoundError,
  ResponseValidationError,
  ServerError,
  type Site,
  ValidationError,
} from '@omnihost/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACQUIA_STATUS_TABLE,
  type AcquiaProvider,
  acquiaErrorMapping,
  createAcquiaProvider,
  parseAcquiaErrorBody,
} from '../../src/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('acquia status table', () => {
  it('is core’s default table, whole, and the error mapping reads it with the Acquia body reader', () => {
    expect(ACQUIA_STATUS_TABLE).toEqual(DEFAULT_STATUS_TABLE);
    expect(acquiaErrorMapping.statusTable).toBe(ACQUIA_STATUS_TABLE);
    expect(
      acquiaErrorMapping.parseBody({ error: 'unauthorized', message: 'Expired.' }, { status: 403, headers: {} }),
    ).toEqual(parseAcquiaErrorBody({ error: 'unauthorized', message: 'Expired.' }));
  });
});

describe('acquia error bodies', () => {
  it('reads the string, object and array forms, and the slugs that mean authentication', () => {
    expect(parseAcquiaErrorBody({ error: 'not_found', message: 'Gone.' })).toMatchObject({
      vendorCode: 'not_found',
      message: 'Gone.',
    });
    expect(parseAcquiaErrorBody({ error: 'validation_failed', message: { branch: 'Bad.' } })).toMatchObject({
      message: 'branch: Bad.',
      fieldErrors: { branch: ['Bad.'] },
    });
    expect(parseAcquiaErrorBody({ error: 'multiple_errors', message: ['a', 'b'] }).fieldErrors).toEqual({
      _: ['a', 'b'],
    });
    expect(parseAcquiaErrorBody({ error: 'unauthorized', message: 'The access token has expired.' }).kind).toBe(
      'authentication',
    );
    expect(parseAcquiaErrorBody({ error: 'forbidden', message: 'No.' }).kind).toBeUndefined();
    expect(parseAcquiaErrorBody('<html><title>500</title></html>')).toEqual({});
  });

  it('property: any body reads without throwing, with bounded text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const details = parseAcquiaErrorBody(body);
        expect((details.message ?? '').length).toBeLessThanOrEqual(500 + 200);
        expect((details.vendorCode ?? '').length).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('acquia errors against the simulator', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let prod: Site;
  let staging: Site;

  beforeAll(async () => {
    recorded = await startRecordedSimulator(log, { seed: 31, taskDurationMs: 100 });
    acquia = recorded.provider();
    const sites = await collect(acquia.sites.list(), { limit: 100 });
    prod = sites.find((site) => site.environment === 'prod') as Site;
    staging = sites.find((site) => site.environment === 'staging') as Site;
  });
  afterAll(async () => {
    await recorded?.close();
  });

  it('a string message: 404 not_found → NotFoundError with the vendor code and request id', async () => {
    const error = await acquia.sites.get('77-00000000-0000-4000-8000-000000000077').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      vendor: 'acquia',
      operation: 'sites.get',
      method: 'GET',
      path: '/api/environments/77-00000000-0000-4000-8000-000000000077',
      status: 404,
      vendorCode: 'not_found',
    });
    expect((error as NotFoundError).requestId).toMatch(REQUEST_ID);
    expect((error as Error).message).toMatch(/The environment you are trying to access does not exist/);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'NotFoundError', requestId: expect.any(String) });
  });

  it('an object of field messages: 400 validation_failed → ValidationError.fieldErrors', async () => {
    const error = await acquia.deploys.deploy(staging.id, { ref: 'feature/a b' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({
      branch: ['The branch name contains invalid characters.'],
    });
    expect((error as ValidationError).requestId).toMatch(REQUEST_ID);
  });

  it('busy or locked is ConflictError by status, whatever the slug (issue 13 audit)', () => {
    // Acquia answers busy and wrong-state with 409 ("Shield ACL rules cannot be created while ACL rule
    // updates are in progress", "The database backup has not completed yet"), sometimes with a
    // validation_failed slug: the status decides (vendor notes §5), and 423 Locked is a conflict too.
    expect(kindForStatus(ACQUIA_STATUS_TABLE, 409)).toBe('conflict');
    expect(kindForStatus(ACQUIA_STATUS_TABLE, 423)).toBe('conflict');
    expect(parseAcquiaErrorBody({ error: 'validation_failed', message: { name: 'in progress' } }).kind).toBeUndefined();
    expect(parseAcquiaErrorBody({ error: 'conflict', message: 'x' }).kind).toBeUndefined();
  });

  it('409 conflict → ConflictError', async () => {
    const error = await acquia.deploys
      .copyFiles(staging.id, { fromSiteId: staging.id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/cannot be copied from an environment to itself/);
  });

  it('an HTML 500 → ServerError naming the page, with the request id, not retried', async () => {
    const retries = acquia.stats().retries;
    recorded.sim.server.inject({ kind: 'server-error', status: 500, count: 1 });
    const error = await acquia.sites.get(prod.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500 });
    expect((error as Error).message).toMatch(/500 Internal Server Error \(HTML error page\)/);
    expect((error as ServerError).requestId).toMatch(REQUEST_ID);
    expect(acquia.stats().retries).toBe(retries);
  });

  it('503 `system`: a GET is retried through it; a POST is not re-sent and nothing ran', async () => {
    recorded.sim.server.inject({ kind: 'server-error', status: 503, count: 1 });
    expect((await acquia.sites.get(prod.id)).id).toBe(prod.id);

    const executions = recorded.sim.server.stats().executions.backup ?? 0;
    recorded.sim.server.inject({ kind: 'server-error', status: 503, count: 1, match: (r) => r.method === 'POST' });
    const error = await acquia.backups.create(prod.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, vendorCode: 'system' });
    expect((error as Error).message).toMatch(/currently unavailable/);
    expect(recorded.sim.server.stats().executions.backup ?? 0).toBe(executions);
  });

  it('502 and 504 on a GET are retried', async () => {
    recorded.sim.server.inject({ kind: 'server-error', status: 502, count: 1 });
    recorded.sim.server.inject({ kind: 'server-error', status: 504, count: 1 });
    expect((await acquia.sites.get(prod.id)).id).toBe(prod.id);
  });

  it('a reset after a POST ran is not replayed: NetworkError, executed once, never twice', async () => {
    const before = recorded.sim.server.stats().executions.deploy ?? 0;
    recorded.sim.server.inject({ kind: 'reset-after', count: 1, match: (r) => r.method === 'POST' });
    const error = await acquia.deploys.deploy(staging.id, { ref: 'main' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    const stats = recorded.sim.server.stats();
    expect(stats.executions.deploy).toBe(before + 1);
    expect(stats.duplicateExecutions).toEqual([]);
  });

  it('a reset before a GET is retried', async () => {
    recorded.sim.server.inject({ kind: 'reset', count: 2 });
    expect((await acquia.sites.get(prod.id)).id).toBe(prod.id);
  });

  it('a slow response past the timeout is retried for a GET', async () => {
    const patient = recorded.provider({ timeoutMs: 150 });
    recorded.sim.server.setRandomFaults({ rate: 0, slowMs: 400 });
    recorded.sim.server.inject({ kind: 'slow', count: 1 });
    expect((await patient.sites.get(prod.id)).id).toBe(prod.id);
    expect(patient.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('a malformed body is ResponseValidationError, never retried; the fidelity check flags it too', async () => {
    const path = `/api/environments/${prod.id}`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      recorded.sim.server.inject({ kind: 'malformed', count: 1, match: (r) => r.path === path });
      const error = await acquia.sites.get(prod.id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseValidationError);
    }
    log.expectViolations({
      description: `malformed answers to GET ${path}`,
      count: 3,
      matches: (exchange) => exchange.path === path && exchange.status === 200,
    });
  });
});

/** A stand-in server for the body shapes the spec does not declare but the field has seen. */
async function startQuirkServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/hal+json') => {
      res.writeHead(status, { 'Content-Type': type, 'X-Request-Id': 'quirk-request-1' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.url === '/okta/token') {
        // Acquia's identity provider is Okta-backed (typhonius/acquia-php-sdk-v2 PR #506).
        return send(
          401,
          { errorCode: 'invalid_client', errorSummary: 'Invalid value for client_id.' },
          'application/json',
        );
      }
      if (req.url === '/token')
        return send(200, { access_token: 'quirk-token-abc', expires_in: 300 }, 'application/json');
      // The SDK's `multipleErrors.json` fixture: `message` as an array.
      return send(400, { error: 'multiple_errors', message: ['The name is invalid.', 'The source is invalid.'] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('acquia error shapes outside the spec', () => {
  it('an array message → ValidationError with the messages, joined, and the request id', async () => {
    const quirks = await startQuirkServer();
    try {
      const acquia = createAcquiaProvider({
        clientId: 'quirk',
        clientSecret: 'quirk-secret',
        baseUrl: `${quirks.url}/api`,
        tokenUrl: `${quirks.url}/token`,
        allowInsecureHttp: true,
        rateLimit: false,
      });
      const error = await acquia.sites.get('1-a47ac10b-58cc-4372-a567-0e02b2c3d470').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ _: ['The name is invalid.', 'The source is invalid.'] });
      expect((error as Error).message).toMatch(/The name is invalid\.; The source is invalid\./);
      expect(error).toMatchObject({ vendorCode: 'multiple_errors', requestId: 'quirk-request-1' });
    } finally {
      await quirks.close();
    }
  });

  it('an Okta-shaped token error → AuthenticationError with its code', async () => {
    const quirks = await startQuirkServer();
    try {
      const acquia = createAcquiaProvider({
        clientId: 'quirk',
        clientSecret: 'quirk-secret-2',
        baseUrl: `${quirks.url}/api`,
        tokenUrl: `${quirks.url}/okta/token`,
        allowInsecureHttp: true,
        rateLimit: false,
      });
      const error = await acquia.sites.get('1-a47ac10b-58cc-4372-a567-0e02b2c3d470').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ vendorCode: 'invalid_client' });
      expect((error as Error).message).toMatch(/Invalid value for client_id/);
      expect((error as Error).message).not.toContain('quirk-secret-2');
    } finally {
      await quirks.close();
    }
  });
});

specFidelitySuite('rules/http-errors.test.ts', log);
