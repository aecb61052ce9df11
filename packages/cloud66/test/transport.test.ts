/**
 * The transport Cloud 66's provider is built on: 503 throttling backed off as Retry-After says (and the
 * 3,000 calls an hour on both sides), faults retried only where replaying cannot run a mutation twice, and
 * `X-Cloud66-Warning` reaching the logger.
 */
import { NetworkError, RateLimitError, VENDORS } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { CLOUD66_DEFAULT_RATE_LIMIT } from '../src/index.js';
import { startCloud66Simulator } from '../src/testing/index.js';
import { FAST_WAIT, PROD, providerFor, recordingLogger, STAGING, simulatorForFile } from './support/harness.js';

const sim = await simulatorForFile();

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

  it("the client-side default is the vendor table's row, under the package's old name", () => {
    expect(CLOUD66_DEFAULT_RATE_LIMIT).toBe(VENDORS.cloud66.defaultRateLimit);
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
