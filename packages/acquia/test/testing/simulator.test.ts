/**
 * The simulator's own behaviour (src/testing/): how simulated tasks end and how long they take, which is
 * core's TaskOutcomePolicy (`failNextTasks` outcomes first, in order, then the seeded failure rate; per-kind
 * durations), and the options it refuses. Every exchange is checked against the official spec at the end.
 */
import { collect, type Site, type Task, TaskFailedError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { type AcquiaSimulator, startAcquiaSimulator } from '../../src/testing/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, siteOfStage, startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 20, maxIntervalMs: 100 };

async function sitesOf(recorded: RecordedSimulator): Promise<Site[]> {
  return collect(recorded.provider().sites.list(), { limit: 100 });
}

describe('acquia simulator: how tasks end', () => {
  it('failNextTasks fails the next tasks of its kind, in the order scripted; other tasks succeed', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 81, taskDurationMs: 50 });
    try {
      const acquia = recorded.provider();
      const sites = await sitesOf(recorded);
      const prod = siteOfStage(sites, 'prod');
      const staging = siteOfStage(sites, 'test');
      recorded.sim.failNextTasks(1, 'deploy');
      recorded.sim.failNextTasks(1, 'backup');
      recorded.sim.failNextTasks(1, 'any');
      const outcome = (work: Promise<unknown>) =>
        work.then(
          () => 'succeeded',
          (error: unknown) => (error instanceof TaskFailedError ? 'failed' : error),
        );
      // The backup takes the scripted backup failure, although the deploy's was scripted first.
      expect(await outcome((await acquia.backups.create(prod.id)).wait(fast))).toBe('failed');
      expect(await outcome((await acquia.deploys.deploy(staging.id, { ref: 'main' })).wait(fast))).toBe('failed');
      // `any` covers the file copy (neither a backup nor a deploy); then nothing is scripted any more.
      expect(await outcome((await acquia.deploys.copyFiles(staging.id, { fromSiteId: prod.id })).wait(fast))).toBe(
        'failed',
      );
      expect(await outcome((await acquia.deploys.deploy(staging.id, { ref: 'main' })).wait(fast))).toBe('succeeded');
      expect(await outcome((await acquia.backups.create(prod.id)).wait(fast))).toBe('succeeded');
    } finally {
      await recorded.close();
    }
  });

  it('the failure rate is drawn from the seed: the same seed fails the same tasks', async () => {
    const run = async () => {
      const clock = manualClock();
      const recorded = await startRecordedSimulator(log, { seed: 82, taskFailureRate: 0.5, clock, taskDurationMs: 10 });
      try {
        const acquia = recorded.provider();
        const prod = siteOfStage(await sitesOf(recorded), 'prod');
        const started: Task[] = [];
        for (let index = 0; index < 12; index += 1) started.push((await acquia.backups.create(prod.id)).task);
        clock.advance(1_000);
        return await Promise.all(started.map(async (task) => (await acquia.tasks.get(task)).state));
      } finally {
        await recorded.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['succeeded', 'failed']));
  });

  it('taskDurations overrides taskDurationMs per kind of task', async () => {
    const clock = manualClock();
    const recorded = await startRecordedSimulator(log, {
      seed: 83,
      clock,
      taskDurationMs: 1_000,
      taskDurations: { backup: 60_000 },
    });
    try {
      const acquia = recorded.provider();
      const sites = await sitesOf(recorded);
      const backup = (await acquia.backups.create(siteOfStage(sites, 'prod').id)).task;
      const deploy = (await acquia.deploys.deploy(siteOfStage(sites, 'test').id, { ref: 'main' })).task;
      clock.advance(1_500);
      expect((await acquia.tasks.get(deploy)).state).toBe('succeeded');
      expect((await acquia.tasks.get(backup)).state).toBe('running');
      clock.advance(60_000);
      expect((await acquia.tasks.get(backup)).state).toBe('succeeded');
    } finally {
      await recorded.close();
    }
  });

  it('refuses options that make no sense, naming them, before it starts', async () => {
    await expect(startAcquiaSimulator({ taskFailureRate: 2 })).rejects.toThrow(/taskFailureRate/);
    await expect(startAcquiaSimulator({ siteCount: 0 })).rejects.toThrow(/siteCount/);
    await expect(startAcquiaSimulator({ environmentsPerApplication: 1.5 })).rejects.toThrow(
      /environmentsPerApplication/,
    );
  });
});

describe('acquia simulator: what real clients read', () => {
  it('GET /account has every field of the spec’s user, the deprecated id (an int), state, features and metadata too', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 84 });
    try {
      const { data } = await recorded.provider().raw.request('getAccount');
      const account = data as unknown as Record<string, unknown>;
      // The PHP SDK behind Acquia's CLI reads `id` into an `int` property.
      expect(Number.isInteger(account.id)).toBe(true);
      expect(account).toMatchObject({
        uuid: expect.any(String),
        state: expect.any(String),
        features: expect.arrayContaining([expect.any(String)]),
        metadata: { applications: { recent: expect.any(Array), starred: expect.any(Array) } },
        phone: expect.objectContaining({ office: null, tfa: null }),
      });
      const recent = (account.metadata as { applications: { recent: Array<{ uuid: string }> } }).applications.recent;
      const applications = await recorded.provider().raw.request('getApplications');
      const known = (applications.data as unknown as { _embedded: { items: Array<{ uuid: string }> } })._embedded.items;
      for (const item of recent) expect(known.map((application) => application.uuid)).toContain(item.uuid);
      // The same seed, the same user.
      const again = await startAcquiaSimulator({ seed: 84, rateLimit: false });
      try {
        const token = await fetchToken(again);
        const second = await (await fetch(`${again.baseUrl}/account`, { headers: { Authorization: token } })).json();
        expect((second as { id: number }).id).toBe(account.id);
      } finally {
        await again.close();
      }
    } finally {
      await recorded.close();
    }
  });

  it('links name the simulator itself by default: following _links.self.href never leaves the machine', async () => {
    const sim = await startAcquiaSimulator({ seed: 85, rateLimit: false });
    try {
      const token = await fetchToken(sim);
      const account = (await (await fetch(`${sim.baseUrl}/account`, { headers: { Authorization: token } })).json()) as {
        _links: { self: { href: string } };
      };
      expect(account._links.self.href).toBe(`${sim.baseUrl}/account`);
      const applications = (await (
        await fetch(`${sim.baseUrl}/applications`, { headers: { Authorization: token } })
      ).json()) as { _embedded: { items: Array<{ _links: { self: { href: string } } }> } };
      // What some clients do for every application: GET its self link.
      for (const item of applications._embedded.items) {
        expect(item._links.self.href.startsWith(`${sim.url}/api/`)).toBe(true);
        expect((await fetch(item._links.self.href, { headers: { Authorization: token } })).status).toBe(200);
      }
    } finally {
      await sim.close();
    }
    // `linkBaseUrl` still sends the real host's links.
    const real = await startAcquiaSimulator({
      seed: 85,
      rateLimit: false,
      linkBaseUrl: 'https://cloud.acquia.com/api/',
    });
    try {
      const token = await fetchToken(real);
      const account = (await (
        await fetch(`${real.baseUrl}/account`, { headers: { Authorization: token } })
      ).json()) as {
        _links: { self: { href: string } };
      };
      expect(account._links.self.href).toBe('https://cloud.acquia.com/api/account');
    } finally {
      await real.close();
    }
  });

  it('counts the rate limit per API key: new tokens do not bring a new budget', async () => {
    const clock = manualClock();
    const sim = await startAcquiaSimulator({ seed: 86, clock, rateLimit: { limit: 5, windowMs: 60_000 } });
    try {
      // Each run of a CLI fetches its own token and makes a few calls.
      const statuses: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        const token = await fetchToken(sim);
        for (let call = 0; call < 2; call += 1) {
          statuses.push((await fetch(`${sim.baseUrl}/account`, { headers: { Authorization: token } })).status);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(sim.tokensIssued()).toBe(3);
      // A minute later the account's budget is back.
      clock.advance(60_000);
      const token = await fetchToken(sim);
      expect((await fetch(`${sim.baseUrl}/account`, { headers: { Authorization: token } })).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

/** A bearer token from the simulator's token endpoint, as an `Authorization` header value. */
async function fetchToken(sim: AcquiaSimulator): Promise<string> {
  const response = await fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.config.clientId ?? '',
      client_secret: sim.config.clientSecret ?? '',
    }).toString(),
  });
  return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
}

specFidelitySuite('testing/simulator.test.ts', log);
