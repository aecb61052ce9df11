import { createProvider, type Provider, type ProviderConfig, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccounts, runPlanInProcess, type SiteResult } from '../../src/index.js';
import { startSimulator } from '../support/simulators.js';

let sims: VendorSimulator<ProviderConfig>[] = [];
const providers: Record<string, Provider> = {};

beforeAll(async () => {
  sims = await Promise.all(
    VENDOR_IDS.map((vendor) =>
      startSimulator(vendor, { siteCount: 12, taskDurationMs: 200, seed: 3, rateLimit: false }),
    ),
  );
  for (const sim of sims) providers[sim.vendor] = (await createProvider(sim.config)) as Provider;
});
afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
});

const fast = { tuning: { pollMinMs: 50 } };

function byOutcome(results: readonly SiteResult[], step: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results.filter((r) => r.step === step))
    counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return counts;
}

describe('runPlanInProcess', () => {
  it('backs up every prod site and deploys staging, one result per site; what a vendor cannot do is skipped', async () => {
    const sites: Record<string, { prod: string[]; staging: string[] }> = {};
    for (const [name, provider] of Object.entries(providers)) {
      const all = [];
      for await (const site of provider.sites.list()) all.push(site);
      sites[name] = {
        prod: all.filter((site) => site.environment === 'prod').map((site) => site.id),
        staging: all.filter((site) => site.environment === 'staging').map((site) => site.id),
      };
    }
    const { run, results } = await runPlanInProcess(
      {
        steps: [
          { action: 'backup', select: { environment: 'prod' }, label: 'nightly' },
          {
            action: 'deploy',
            ref: { default: 'tags/2.4.0', onapp: '1' },
            select: { environment: 'staging' },
            allowDestructive: true,
            allowStackWide: true,
          },
        ],
      },
      { providers },
      fast,
    );
    expect(run.status).toBe('completed');
    for (const vendor of VENDOR_IDS as VendorId[]) {
      const backups = results.filter((r) => r.step === 0 && r.account === vendor);
      expect(backups.map((r) => r.siteId).sort()).toEqual([...(sites[vendor]?.prod ?? [])].sort());
      const expected = vendor === 'cloud66' ? 'skipped' : 'succeeded';
      expect(new Set(backups.map((r) => r.outcome))).toEqual(new Set(backups.length ? [expected] : []));
    }
    const deployed = results.filter((r) => r.step === 1);
    const covered = deployed.flatMap((r) => r.covers?.map((site) => site.id) ?? [r.siteId]);
    const staging = Object.values(sites).flatMap((s) => s.staging);
    expect(covered.length).toBe(staging.length);
    expect(byOutcome(results, 1)).toEqual({ succeeded: deployed.length });
    for (const result of results.filter((r) => r.outcome === 'succeeded')) expect(result.taskId).toBeTruthy();
  });

  it('stops at a wave over its failure budget, and says why', async () => {
    const sim = sims.find((s) => s.vendor === 'onapp') as VendorSimulator<ProviderConfig>;
    sim.failNextTasks(2, 'backup');
    const { run, results } = await runPlanInProcess(
      {
        steps: [
          {
            action: 'backup',
            select: { accounts: ['onapp'] },
            waves: [{ percent: 25 }, { percent: 100 }],
            maxFailures: 1,
          },
          { action: 'backup', select: { accounts: ['onapp'] } },
        ],
      },
      { providers },
      fast,
    );
    expect(run.status).toBe('stopped');
    expect(run.reason).toMatch(/step 1 \(backup 1\), wave 1 of 2: 2 of 3 sites failed, over the budget of 1/);
    expect(results.filter((r) => r.step === 0)).toHaveLength(3);
    expect(results.filter((r) => r.step === 1)).toHaveLength(0);
  });

  it('fails a run whose step selects no site, saying which', async () => {
    const { run } = await runPlanInProcess(
      { steps: [{ action: 'backup', select: { namePattern: 'no-such-site-*' } }] },
      { providers },
      fast,
    );
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/step 1 \(backup 1\): no site matched the selection .*no-such-site/);
  });

  it('records a per-site failure for a site that vanished mid-run, and goes on with the others', async () => {
    const sim = sims.find((s) => s.vendor === 'onapp') as VendorSimulator<ProviderConfig>;
    const prod: string[] = [];
    for await (const site of (providers.onapp as Provider).sites.list({ environment: 'prod' })) prod.push(site.id);
    const gone = prod[0] as string;
    // Listed by discovery, gone when its backup starts: the vendor answers 404 for it.
    sim.server.inject({
      kind: 'server-error',
      status: 404,
      count: 5,
      match: (request) => request.method === 'POST' && request.path.includes(`/${gone}/`),
    });
    const { run, results } = await runPlanInProcess(
      { steps: [{ action: 'backup', select: { accounts: ['onapp'], environment: 'prod' } }] },
      { providers },
      fast,
    );
    expect(run.status).toBe('completed');
    const failed = results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => [r.siteId, r.error])).toEqual([[gone, 'NotFoundError']]);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(prod.length - 1);
  });

  it('a vendor answering 5xx for minutes: retried with backoff within the budget, then a per-site failure; a site whose 5xx stop succeeds, once', async () => {
    const sim = sims.find((s) => s.vendor === 'onapp') as VendorSimulator<ProviderConfig>;
    // No retries in the transport: every 5xx reaches the fleet's own backoff (2 s, 4 s, ...).
    const onapp = (await createProvider({ ...sim.config, retry: { retries: 0 } } as ProviderConfig)) as Provider;
    const prod: string[] = [];
    for await (const site of onapp.sites.list({ environment: 'prod' })) prod.push(site.id);
    const [down, flaky] = prod as [string, string];
    sim.server.clearFaults();
    const starts = (id: string) => (request: { method: string; path: string }) =>
      request.method === 'POST' && request.path.includes(`/${id}/`);
    sim.server.inject({ kind: 'server-error', status: 503, count: 1_000, match: starts(down) });
    sim.server.inject({ kind: 'server-error', status: 502, count: 2, match: starts(flaky) });
    const before = sim.server.stats();
    const began = Date.now();
    const { run, results } = await runPlanInProcess(
      { steps: [{ action: 'backup', select: { environment: 'prod', siteIds: [down, flaky] } }] },
      { providers: { onapp } },
      // "Minutes", compressed: the transient budget is 5 s here (15 min by default).
      { tuning: { pollMinMs: 50, transientBudgetMs: 5_000 } },
    );
    const elapsed = Date.now() - began;
    sim.server.clearFaults();
    expect(run.status).toBe('completed');
    const byId = new Map(results.map((r) => [r.siteId, r]));
    expect(byId.get(down)).toMatchObject({ outcome: 'failed', error: 'ServerError' });
    expect(byId.get(flaky)).toMatchObject({ outcome: 'succeeded' });
    // Retried with backoff (2 s, then 4 s), not five times at once.
    expect(elapsed).toBeGreaterThanOrEqual(5_000);
    const after = sim.server.stats();
    expect(after.duplicateExecutions.length - before.duplicateExecutions.length).toBe(0);
  });

  it('fails before anything starts when a secret variable is missing', async () => {
    const accounts = parseAccounts({
      accounts: [{ name: 'c66', vendor: 'cloud66', secrets: { token: { env: 'FLEET_TEST_UNSET_TOKEN' } } }],
    });
    await expect(runPlanInProcess({ steps: [{ action: 'backup' }] }, { accounts, env: {} })).rejects.toThrow(
      /account c66: token reads FLEET_TEST_UNSET_TOKEN, which is not set/,
    );
  });
});
