/**
 * `paging-memory`: heap growth of the client while iterating 100,000 and 1,000,000 Site Factory sites with
 * `for await (const site of provider.sites.list())`, the simulator running in another process so only the
 * client's heap is measured. The heap is sampled after a forced GC every 10,000 sites; the value is the
 * largest sample minus the heap before the loop. Baseline: collecting 100,000 sites into an array, what an
 * eager `list()` (pkgcloud's `getServers`, libcloud's `list_nodes`) has to hold. Target < 32 MB and flat
 * (1,000,000 costs no more than 100,000). Needs `--expose-gc` (the bench script passes it).
 */
import { createProvider, type Provider } from '@omnihost/core';
import { startSimulatorProcess } from './lib/simulator-process.js';
import type { Benchmark, BenchResult } from './lib/types.js';

const SAMPLE_EVERY = 10_000;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('paging-memory needs node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function iterate(count: number, keep: boolean): Promise<{ growthMb: number; seen: number; ms: number }> {
  const sim = await startSimulatorProcess('sitefactory', count);
  try {
    const provider = (await createProvider({ ...sim.config, rateLimit: false })) as Provider;
    const kept: unknown[] = [];
    const before = heapAfterGc();
    let peak = before;
    let seen = 0;
    const started = performance.now();
    for await (const site of provider.sites.list()) {
      seen += 1;
      if (keep) kept.push(site);
      if (seen % SAMPLE_EVERY === 0) peak = Math.max(peak, heapAfterGc());
    }
    const ms = performance.now() - started;
    peak = Math.max(peak, heapAfterGc());
    if (kept.length > 0 && kept.length !== seen) throw new Error('unreachable');
    return { growthMb: (peak - before) / MB, seen, ms };
  } finally {
    await sim.stop();
  }
}

const bench: Benchmark = {
  name: 'paging-memory',
  async run() {
    const eager = await iterate(100_000, true);
    const results: BenchResult[] = [];
    const growth: number[] = [];
    for (const count of [100_000, 1_000_000]) {
      const lazy = await iterate(count, false);
      if (lazy.seen !== count) throw new Error(`expected ${count} sites, iterated ${lazy.seen}`);
      growth.push(lazy.growthMb);
      results.push({
        name: `paging-memory:${count / 1000}k`,
        value: lazy.growthMb,
        unit: 'MB',
        baseline: `collecting 100k sites into an array: ${eager.growthMb.toFixed(1)} MB`,
        notes:
          `peak heap growth over ${count.toLocaleString('en')} sites (${(lazy.ms / 1000).toFixed(1)} s, pages of the ` +
          'maximum size), sampled after GC every 10k; target < 32 MB',
        met: lazy.growthMb < 32,
      });
    }
    const [small = 0, large = 0] = growth;
    results.push({
      name: 'paging-memory:flatness',
      value: large - small,
      unit: 'MB',
      baseline: 'growth at 1M minus growth at 100k',
      notes: 'flat means 10× the sites costs no more heap (target: under 4 MB of difference)',
      met: large - small < 4,
    });
    return results;
  },
};
export default bench;
