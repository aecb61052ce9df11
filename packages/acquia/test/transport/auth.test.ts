/**
 * The transport's authentication (src/transport.ts), OAuth2 against the simulator: tokens that expire in the middle of a long wait, Acquia's 403
 * `{"error":"unauthorized"}` treated like a 401, federated organisations, and no credential in any error
 * or log line.
 */
import { AuthenticationError, collect, type Logger, type WaitClock } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();

/** A wait clock that moves the simulator's manual clock instead of sleeping: ten minutes pass in milliseconds. */
function simulatedWait(clock: ReturnType<typeof manualClock>): WaitClock {
  return {
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('acquia authentication', () => {
  it('survives token expiry in the middle of a ten-minute wait (403 unauthorized → new token → replay)', async () => {
    const clock = manualClock();
    const recorded = await startRecordedSimulator(log, {
      clock,
      seed: 5,
      tokenLifetimeSeconds: 300,
      taskDurations: { backup: 10 * 60_000 },
    });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list({ environment: 'prod' }), { limit: 1 });
      const operation = await acquia.backups.create(site?.id as string);
      const issuedBefore = recorded.sim.tokensIssued();
      const backup = await operation.wait({ clock: simulatedWait(clock), timeoutMs: 3_600_000 });
      expect(backup.state).toBe('completed');
      // The client's own clock saw milliseconds pass, so only the server knew the token had expired:
      // every renewal was a 403 `unauthorized` answered by one refresh and one replay.
      const replays = acquia.stats().authReplays;
      expect(replays).toBeGreaterThanOrEqual(1);
      expect(recorded.sim.tokensIssued() - issuedBefore).toBe(replays);
      expect(acquia.stats().failures).toBe(0);
      const expiredAnswers = log.exchanges.filter(
        (exchange) => exchange.status === 403 && /access token has expired/.test(exchange.responseBody ?? ''),
      );
      expect(expiredAnswers.length).toBe(replays);
    } finally {
      await recorded.close();
    }
  });

  it('refreshes short-lived tokens before they expire during a wait', async () => {
    const recorded = await startRecordedSimulator(log, {
      seed: 6,
      tokenLifetimeSeconds: 1,
      taskDurations: { deploy: 2_000 },
    });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list({ environment: 'staging' }), { limit: 1 });
      const deployment = await (await acquia.deploys.deploy(site?.id as string, { ref: 'develop' })).wait({
        minIntervalMs: 100,
        maxIntervalMs: 200,
      });
      expect(deployment.state).toBe('succeeded');
      // A 1 s token is refreshed at 75% of its life, before the server rejects it: several tokens over a
      // 2 s wait, (almost) all renewed ahead of time. A request delayed past the expiry on a loaded machine
      // is rejected and replayed, which is allowed, but it cannot be how most tokens were renewed.
      const renewals = recorded.sim.tokensIssued() - 1;
      expect(renewals).toBeGreaterThanOrEqual(2);
      expect(acquia.stats().authReplays).toBeLessThan(renewals);
      expect(acquia.stats().failures).toBe(0);
    } finally {
      await recorded.close();
    }
  });

  it('treats a 403 whose body says the token is unauthorized as a 401: refresh once and replay', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 7 });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list(), { limit: 1 });
      recorded.sim.expireTokens();
      const issued = recorded.sim.tokensIssued();
      expect((await acquia.sites.get(site?.id as string)).id).toBe(site?.id);
      expect(acquia.stats().authReplays).toBe(1);
      expect(recorded.sim.tokensIssued()).toBe(issued + 1);

      // The `auth-expiry` fault expires the caller's token just before the request is checked.
      recorded.sim.server.inject({ kind: 'auth-expiry', count: 1 });
      expect((await acquia.sites.get(site?.id as string)).id).toBe(site?.id);
      expect(acquia.stats().authReplays).toBe(2);
    } finally {
      await recorded.close();
    }
  });

  it('federated organisations: without organizationUuid the 403 surfaces as AuthenticationError after one replay', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 8, federatedAuthentication: true });
    try {
      const unscoped = recorded.provider({ organizationUuid: undefined });
      const error = await collect(unscoped.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toMatchObject({ status: 403, vendorCode: 'additional_authentication_required' });
      expect((error as Error).message).toMatch(/set organizationUuid/);
      expect(unscoped.stats().authReplays).toBe(1);

      const scoped = recorded.provider();
      expect(recorded.config.organizationUuid).toBe(recorded.sim.organizationUuid);
      expect(await collect(scoped.sites.list(), { limit: 2 })).toHaveLength(2);
    } finally {
      await recorded.close();
    }
  });

  it('bad credentials are AuthenticationError, and no secret or token reaches an error or a log line', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 9 });
    const lines: string[] = [];
    const logger: Logger = {
      debug: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
      info: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
      warn: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
      error: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    };
    try {
      const impostor = recorded.provider({ clientSecret: 'wrong-secret-value-0042', logger });
      const rejected = await collect(impostor.sites.list(), { limit: 1 }).catch((caught: unknown) => caught);
      expect(rejected).toBeInstanceOf(AuthenticationError);
      expect(rejected).toMatchObject({ status: 401, vendorCode: 'invalid_client' });

      const acquia = recorded.provider({ logger });
      await collect(acquia.sites.list(), { limit: 1 });
      recorded.sim.server.inject({
        kind: 'server-error',
        status: 500,
        count: 1,
        match: (r) => r.path.includes('/environments/'),
      });
      const failed = await acquia.sites
        .get('1-00000000-0000-4000-8000-000000000000')
        .catch((caught: unknown) => caught);
      recorded.sim.expireTokens();
      const notFound = await acquia.sites
        .get('2-00000000-0000-4000-8000-000000000000')
        .catch((caught: unknown) => caught);

      expect(failed).toMatchObject({ name: 'ServerError', status: 500 });
      expect(notFound).toMatchObject({ name: 'NotFoundError', status: 404 });
      expect(acquia.stats().authReplays).toBe(1);
      const outputs = [rejected, failed, notFound].flatMap((error) => [
        String(error),
        JSON.stringify(error),
        (error as Error).stack ?? '',
      ]);
      outputs.push(...lines);
      expect(lines.length).toBeGreaterThan(0);
      for (const text of outputs) {
        expect(text).not.toContain('wrong-secret-value-0042');
        expect(text).not.toContain(recorded.config.clientSecret);
        // Simulator tokens look like `sim.<32 hex>`.
        expect(text).not.toMatch(/sim\.[0-9a-f]{32}/);
        expect(text).not.toMatch(/Bearer /);
      }
    } finally {
      await recorded.close();
    }
  });
});

specFidelitySuite('transport/auth.test.ts', log);
