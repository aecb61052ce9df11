/** 401 vs 403 vs 404, scopes, throttling, warnings, and credentials kept out of every error and log line. */
import {
  AuthenticationError,
  collect,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
} from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { CLOUD66_DEFAULT_RATE_LIMIT, createCloud66Provider } from '../src/index.js';
import { startCloud66Simulator } from '../src/testing/index.js';
import { FAST_WAIT, PROD, providerFor, recordingLogger, STAGING, simulatorForFile } from './helpers.js';

const sim = await simulatorForFile();

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

describe('throttling and faults', () => {
  it('a 503 throttle storm is absorbed by backing off as Retry-After says', async () => {
    const logger = recordingLogger();
    const client = providerFor(sim, { logger });
    sim.server.setRandomFaults({ rate: 0, retryAfterSeconds: 1 });
    sim.server.inject({ kind: 'throttle', count: 1 });
    const before = client.stats();
    await client.sites.get(sim.stackUid(PROD));
    const after = client.stats();
    expect(after.throttled - before.throttled).toBe(1);
    expect(after.failures).toBe(before.failures);
    const retries = logger.lines.filter((line) => line.message === 'omnihost: retrying');
    expect(retries).toHaveLength(1);
    for (const line of retries) {
      expect(line.fields).toMatchObject({ status: 503, error: 'RateLimitError' });
      expect((line.fields as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1000);
    }
  });

  it('throttling that outlasts the retries surfaces as RateLimitError, also for a deploy that never ran', async () => {
    const client = providerFor(sim, { retries: 1 });
    sim.server.setRandomFaults({ rate: 0, retryAfterSeconds: 0 });
    sim.server.inject({ kind: 'throttle', count: 2 });
    const error = await client.sites.get(sim.stackUid(PROD)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(503);
    expect((error as RateLimitError).retryAfterMs).toBe(0);

    // A throttled POST did not run, so it is retried: the deploy happens exactly once.
    const executed = sim.server.stats().executions.deploy ?? 0;
    sim.server.inject({ kind: 'throttle', count: 1, match: (request) => request.method === 'POST' });
    const operation = await client.deploys.deploy(sim.stackUid(STAGING), { ref: 'main' });
    await operation.wait(FAST_WAIT);
    expect(sim.server.stats().executions.deploy).toBe(executed + 1);
  });

  it('the server-side limit answers 503 throttled with Retry-After once the budget is spent', async () => {
    const limited = await startCloud66Simulator({ rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const client = providerFor(limited, { retries: 0 });
      for (let call = 0; call < 3; call += 1) await client.sites.get(limited.stackUid(PROD));
      const error = await client.sites.get(limited.stackUid(PROD)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).vendorCode).toBe('throttled');
      expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('the default budget is the documented 3,000 calls an hour, on both sides', async () => {
    sim.server.inject({ kind: 'throttle', count: 1 });
    const response = await fetch(`${sim.config.baseUrl}/stacks.json`, {
      headers: { Authorization: `Bearer ${sim.config.token}` },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-ratelimit-limit')).toBe('3000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: 'throttled' });
    expect(CLOUD66_DEFAULT_RATE_LIMIT).toEqual({ limit: 3000, windowMs: 3_600_000 });
  });

  it('a deploy whose connection dropped after it ran is not sent again (no duplicate execution)', async () => {
    const client = providerFor(sim);
    sim.server.inject({ kind: 'reset-after', count: 1, match: (request) => request.method === 'POST' });
    const executed = sim.server.stats().executions.deploy ?? 0;
    await expect(client.deploys.deploy(sim.stackUid(STAGING), { ref: 'main' })).rejects.toBeInstanceOf(NetworkError);
    expect(sim.server.stats().executions.deploy).toBe(executed + 1);
    expect(sim.server.stats().duplicateExecutions).toEqual([]);
  });

  it('a gateway 502 on a read is retried; the HTML page never reaches the caller', async () => {
    const client = providerFor(sim);
    sim.server.inject({ kind: 'server-error', status: 502, count: 1 });
    expect((await client.sites.get(sim.stackUid(PROD))).id).toBe(sim.stackUid(PROD));
  });
});

describe('X-Cloud66-Warning', () => {
  it('reaches the logger as a warning', async () => {
    const logger = recordingLogger();
    const client = providerFor(sim, { logger });
    sim.setWarning('API v3 stacks list will require the filter_account parameter from 2027');
    try {
      await client.sites.get(sim.stackUid(PROD));
    } finally {
      sim.setWarning(undefined);
    }
    const warnings = logger.lines.filter((line) => line.level === 'warn' && line.message === 'cloud66: API warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({
      operation: 'stacks.get',
      warning: 'API v3 stacks list will require the filter_account parameter from 2027',
    });
    await client.sites.get(sim.stackUid(PROD));
    expect(logger.lines.filter((line) => line.message === 'cloud66: API warning')).toHaveLength(1);
  });
});
