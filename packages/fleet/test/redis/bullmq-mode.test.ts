import { type ProviderConfig, VENDOR_IDS } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAccounts, startRun } from '../../src/index.js';
import { RedisFleet, startWorker } from '../../src/redis/fleet.js';
import { accountsFor, waitForRun } from '../support/fleet.js';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis.js';
import { startSimulator } from '../support/simulators.js';

describeWithRedis('BullMQ mode (in this process)', () => {
  let redis: TestRedis;
  let sims: VendorSimulator<ProviderConfig>[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    sims = await Promise.all(
      VENDOR_IDS.map((vendor) =>
        startSimulator(vendor, { siteCount: 10, taskDurationMs: 300, seed: 5, rateLimit: false }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()));
    await redis?.stop();
  });

  it('runs a plan through the queue: every selected site once, the run completed', async () => {
    const { file, env } = accountsFor(sims);
    const accounts = parseAccounts(file);
    const fleet = await RedisFleet.connect({ url: redis.url });
    const worker = await startWorker({ url: redis.url, accounts, env, concurrency: 10, tuning: { pollMinMs: 100 } });
    try {
      const run = await startRun(fleet.context(), {
        plan: {
          steps: [
            { action: 'backup', select: { environment: 'prod' } },
            {
              action: 'deploy',
              ref: { default: 'tags/2.4.0', onapp: '1' },
              select: { environment: 'staging' },
              allowDestructive: true,
              allowStackWide: true,
            },
          ],
        },
        accounts: accounts.list,
        mode: 'redis',
      });
      const done = await waitForRun(fleet.store, run.id, 60_000);
      expect(done.status).toBe('completed');
      const results = await fleet.store.results(run.id);
      const keys = results.map((r) => `${r.step}|${r.key}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
      expect(results.filter((r) => r.step === 0 && r.outcome === 'succeeded').length).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await fleet.close();
    }
  });
});
