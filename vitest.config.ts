import { defineConfig } from 'vitest/config';

// Tests import workspace packages through the `source` export condition, so they run against src/
// without a build; the packaging checks (publint, attw) and the CLI tests exercise dist/.
export default defineConfig({
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default there is one): most test time is spent waiting on
    // simulated tasks, spawned binaries and worker processes, not on CPU. Measured on 2 cores: 547 s with one,
    // 326 s with two. Timing assertions leave room for that load.
    maxWorkers: 2,
    reporters: ['default'],
    // What passing tests print (fidelity tallies, spec counts) is for reading when one fails, not every run.
    silent: 'passed-only',
  },
});
