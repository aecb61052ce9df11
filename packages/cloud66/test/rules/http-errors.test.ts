/**
 * Cloud 66's HTTP error rule: the status table, the error body reader (message, vendor code, the scope a
 * 403 names), and how the simulator's 401, 403 and 404 answers come out as typed errors that never carry
 * the token.
 */
import {
  AuthenticationError,
  ConflictError,
  collect,
  DEFAULT_RETRY_OPTIONS,
  DEFAULT_STATUS_TABLE,
  decideRetry,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLOUD66_STATUS_TABLE,
  cloud66ErrorMapping,
  createCloud66Provider,
  parseCloud66ErrorBody,
} from '../../src/index.js';
import { PROD, providerFor, recordingLogger, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile();

describe('errors', () => {
  const headers = {};
  it('maps statuses in one table: a bare 503 is a server error (only its body says throttled), 402 a permission problem', () => {
    expect(CLOUD66_STATUS_TABLE[503]).toBe('server');
    expect(CLOUD66_STATUS_TABLE[402]).toBe('permission');
    expect(CLOUD66_STATUS_TABLE[401]).toBe('authentication');
    expect(CLOUD66_STATUS_TABLE[403]).toBe('permission');
    expect(CLOUD66_STATUS_TABLE[404]).toBe('not-found');
  });

  it('busy or locked is ConflictError: 409 and 423, and the conflict id under any status (issue 13)', async () => {
    expect(CLOUD66_STATUS_TABLE[409]).toBe('conflict');
    expect(CLOUD66_STATUS_TABLE[423]).toBe('conflict');
    expect(
      parseCloud66ErrorBody({ error: 'conflict', error_description: 'The stack is busy' }, { status: 400, headers }),
    ).toMatchObject({ kind: 'conflict', vendorCode: 'conflict', message: 'The stack is busy' });
    // The simulator answers a cancel of a deployment that is not running with 409 `conflict`.
    const client = providerFor(sim);
    const [finished] = await collect(client.raw.deployments.list(sim.stackUid(PROD)), { limit: 1 });
    const error = await client.raw.deployments.cancel(sim.stackUid(PROD), finished?.id ?? 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, vendorCode: 'conflict' });
  });

  it('prefers details over error_description, as the Go client does, and keeps the id', () => {
    const details = parseCloud66ErrorBody(
      { error: 'bad_request', error_description: 'Bad request', details: 'git_ref is invalid' },
      { status: 400, headers },
    );
    expect(details).toMatchObject({ message: 'git_ref is invalid', vendorCode: 'bad_request' });
  });

  it('tells a throttled 503 from an outage 503: only the throttling answer is a rate limit', () => {
    const kindOf = (body: unknown, extra: Record<string, string> = {}) =>
      parseCloud66ErrorBody(body, { status: 503, headers: { ...headers, ...extra } }).kind ?? CLOUD66_STATUS_TABLE[503];
    expect(kindOf({ error: 'throttled' })).toBe('rate-limit');
    expect(kindOf('<html>busy</html>', { 'x-ratelimit-remaining': '0' })).toBe('rate-limit');
    expect(kindOf({ error: 'service_unavailable' })).toBe('server');
    expect(kindOf({ error: 'not_implemented' })).toBe('validation');
    // A gateway's HTML page, an empty body, a JSON body without an error id: outages, whose POST may have run.
    expect(kindOf('<html><head><title>503 Service Unavailable</title></head></html>')).toBe('server');
    expect(kindOf(undefined)).toBe('server');
    expect(kindOf({ message: 'down for maintenance' }, { 'retry-after': '30' })).toBe('server');
  });

  it('retries a throttled POST even without Retry-After (Cloud 66 documents none): it did not run', () => {
    const error = new RateLimitError('throttled', { vendor: 'cloud66', status: 503 });
    const decision = decideRetry({
      error,
      retriesSoFar: 0,
      waitedMs: 0,
      replayable: false,
      options: DEFAULT_RETRY_OPTIONS,
    });
    expect(decision.retry).toBe(true);
  });

  it('names the missing scope from the challenge header, a field, or the text', () => {
    const status = { status: 403 };
    expect(
      parseCloud66ErrorBody(
        {},
        { ...status, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="redeploy"' } },
      ).requiredScope,
    ).toBe('redeploy');
    expect(parseCloud66ErrorBody({ scope: 'admin' }, { ...status, headers }).requiredScope).toBe('admin');
    expect(
      parseCloud66ErrorBody({ error: 'forbidden', details: "requires the 'reboot' scope" }, { ...status, headers })
        .requiredScope,
    ).toBe('reboot');
  });

  it('never throws, whatever the body (property)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        parseCloud66ErrorBody(body, { status, headers });
      }),
    );
  });
});

describe('the error mapping handed to the transport', () => {
  it('is the status table and the body reader, and differs from core only where the docs say', () => {
    expect(cloud66ErrorMapping).toEqual({ statusTable: CLOUD66_STATUS_TABLE, parseBody: parseCloud66ErrorBody });
    const differences = Object.keys(CLOUD66_STATUS_TABLE)
      .map(Number)
      .filter((status) => CLOUD66_STATUS_TABLE[status] !== DEFAULT_STATUS_TABLE[status]);
    expect(differences).toEqual([402, 408]);
    expect(CLOUD66_STATUS_TABLE[408]).toBe('server');
  });
});

describe('authentication and permission', () => {
  it('a token without the redeploy scope reads, but a deploy is a PermissionError naming the scope', async () => {
    const token = sim.issueToken({ scopes: ['public'] });
    const readOnly = providerFor(sim, { token });
    expect((await readOnly.sites.get(sim.stackUid(STAGING))).environment).toBe('staging');
    const error = await readOnly.deploys
      .deploy(sim.stackUid(STAGING), { ref: 'main' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as PermissionError).requiredScope).toBe('redeploy');
    expect((error as PermissionError).message).toContain("'redeploy' scope");
    expect((error as PermissionError).status).toBe(403);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(sim.server.stats().executions.deploy).toBeUndefined();
  });

  it('names the admin and reboot scopes the same way', async () => {
    const readOnly = providerFor(sim, { token: sim.issueToken({ scopes: ['public', 'redeploy'] }) });
    const uid = sim.stackUid(PROD);
    await expect(readOnly.raw.backups.schedule(uid, { dbType: 'all', frequency: '0 * * * *' })).rejects.toMatchObject({
      name: 'PermissionError',
      requiredScope: 'admin',
    });
    await expect(readOnly.raw.stacks.rebootServers(uid, { strategy: 'serial' })).rejects.toMatchObject({
      requiredScope: 'reboot',
    });
  });

  it('an unknown or revoked token is a 401 AuthenticationError, and the token appears nowhere', async () => {
    const logger = recordingLogger();
    const impostor = createCloud66Provider({ ...sim.badCredentialsConfig, logger });
    const error = await collect(impostor.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    const secret = sim.badCredentialsConfig.token;
    expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`).not.toContain(secret);
    expect(JSON.stringify(logger.lines)).not.toContain(secret);

    const token = sim.issueToken();
    const revoked = providerFor(sim, { token });
    await revoked.sites.get(sim.stackUid(PROD));
    sim.revokeToken(token);
    await expect(revoked.sites.get(sim.stackUid(PROD))).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("a stack of another account is a 404, not a 403 (cx #66), and that account's list is empty", async () => {
    const outsider = providerFor(sim, { token: sim.issueToken({ accountIds: [sim.otherAccountId] }) });
    const error = await outsider.sites.get(sim.stackUid(PROD)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).vendorCode).toBe('not_found');
    expect((error as NotFoundError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await collect(outsider.sites.list(), { limit: 10 })).toEqual([]);
    await expect(providerFor(sim).sites.get('9999999')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('X-Account picks one of the user’s accounts; naming another is a 403', async () => {
    const token = sim.issueToken({ accountIds: [sim.otherAccountId, sim.accountId] });
    const both = createCloud66Provider({ ...sim.configFor(token), accountId: sim.accountId });
    expect(await collect(both.sites.list(), { limit: 100 })).toHaveLength(8);
    const accounts = await collect(both.raw.listAccounts(), { limit: 10 });
    expect(accounts.map((account) => account.id)).toEqual([sim.otherAccountId, sim.accountId]);
    const stranger = createCloud66Provider({ ...sim.configFor(token), accountId: 1 });
    await expect(stranger.sites.get(sim.stackUid(PROD))).rejects.toBeInstanceOf(PermissionError);
  });
});
