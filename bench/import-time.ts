import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './lib/stats.js';
import type { Benchmark, BenchResult } from './lib/types.js';

const ROUNDS = 9;
const PACKAGES = [
  '@omnihost/core',
  '@omnihost/acquia',
  '@omnihost/sitefactory',
  '@omnihost/cloud66',
  '@omnihost/onapp',
];

/** Cold `import()` of one module in a fresh Node process, measured inside that process. */
function coldImportMs(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(import.meta.dirname, '..'),
    encoding: 'utf8',
  });
  return Number(out);
}

const bench: Benchmark = {
  name: 'import',
  async run() {
    const results: BenchResult[] = [];
    // Interleave packages and the baseline per round so machine noise hits all alike.
    const samples = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const specifier of ['axios', ...PACKAGES]) {
        samples.set(specifier, [...(samples.get(specifier) ?? []), coldImportMs(specifier)]);
      }
    }
    const axiosMs = median(samples.get('axios') ?? []);
    for (const specifier of PACKAGES) {
      const ms = median(samples.get(specifier) ?? []);
      results.push({
        name: `import:${specifier.replace('@omnihost/', '')}`,
        value: ms,
        unit: 'ms',
        baseline: `import('axios') alone: ${axiosMs.toFixed(1)} ms`,
        notes: `median of ${ROUNDS} fresh Node processes, built ESM (dist); target < 100 ms`,
        met: ms < 100,
      });
    }
    return results;
  },
};
export default bench;
