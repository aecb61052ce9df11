/**
 * The simulator bundles (`@omnihost/<package>/testing`) build without noise: no import the bundle ends
 * up not using. tsup's tree-shaking pass (Rollup) warns about each one ("… is imported from external
 * module … but never used"): Site Factory's simulator once reached the client's response schemas
 * through the operation table and carried `lenientBoolean` unused (issue 14, "build noise"). Builds each
 * `src/testing/index.ts` the way the package's tsup config does (ESM, tree-shaken), into a temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { VENDOR_IDS } from '../../src/index.js';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const outRoot = mkdtempSync(join(tmpdir(), 'omnihost-bundles-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe.each(['core', ...VENDOR_IDS])('@omnihost/%s/testing bundle', (name) => {
  it('imports nothing it does not use', async () => {
    const said: string[] = [];
    const listen = (...args: unknown[]) => {
      said.push(args.map(String).join(' '));
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(listen);
    const error = vi.spyOn(console, 'error').mockImplementation(listen);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await build({
        config: false,
        entry: { testing: join(packagesDir, name, 'src/testing/index.ts') },
        outDir: join(outRoot, name),
        format: ['esm'],
        target: 'node20',
        treeshake: true,
        splitting: false,
        dts: false,
        // Every package (the other workspace packages included) stays external, as in the published build.
        skipNodeModulesBundle: true,
        external: [/^@omnihost\//],
      });
    } finally {
      warn.mockRestore();
      error.mockRestore();
      log.mockRestore();
    }
    expect(said.filter((line) => /never used|unused/i.test(line))).toEqual([]);
  }, 60_000);
});
