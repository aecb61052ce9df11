/**
 * The @omnihost/core README's "Testing your automation" example, kept here so the typecheck compiles it and
 * vitest runs it (test/examples/readme.test.ts checks the README still shows exactly this code).
 */
import { type AcquiaSimulator, startAcquiaSimulator } from '@omnihost/acquia/testing';
import { collect, createProvider, type Provider, TaskFailedError, type WaitOptions } from '@omnihost/core';
import { type ManualClock, manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The automation under test (normally imported from your code): back up every production site at once.
async function backUpProduction(provider: Provider, wait: WaitOptions = {}) {
  const sites = await collect(provider.sites.list({ environment: 'prod' }), { limit: 100 });
  return Promise.all(
    sites.map(async (site) => {
      try {
        const backup = await (await provider.backups.create(site.id)).wait(wait);
        return { site: site.name, backup: backup.id };
      } catch (error) {
        if (error instanceof TaskFailedError) return { site: site.name, failed: error.task.rawStatus };
        throw error;
      }
    }),
  );
}

// Moves simulated time on, a minute every few real milliseconds, until `work` settles.
async function whileAdvancing<T>(clock: ManualClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return done;
}

// Poll every few milliseconds instead of every few seconds; 0 turns off the guess from earlier tasks.
const fast: WaitOptions = { minIntervalMs: 5, maxIntervalMs: 20, expectedDurationMs: 0, timeoutMs: 10_000 };

describe('nightly backup', () => {
  const clock = manualClock();
  let sim: AcquiaSimulator;
  let provider: Provider;
  beforeAll(async () => {
    // A backup takes ten simulated minutes; the clock only moves when the test moves it.
    sim = await startAcquiaSimulator({ clock, taskDurationMs: 10 * 60_000 });
    provider = await createProvider(sim.config);
  });
  afterAll(() => sim.close());

  it('backs up every production site, however long the backups take', async () => {
    const started = clock.now();
    const results = await whileAdvancing(clock, backUpProduction(provider, fast));
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => 'backup' in result)).toBe(true);
    expect(clock.now() - started).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it('reports a failed backup and still backs up the other sites', async () => {
    sim.failNextTasks(1, 'backup'); // the next backup the simulator starts ends failed
    const results = await whileAdvancing(clock, backUpProduction(provider, fast));
    expect(results.filter((result) => 'failed' in result)).toHaveLength(1);
    expect(results.filter((result) => 'backup' in result)).toHaveLength(results.length - 1);
  });
});
