/**
 * What a user installing from npm gets: every package's `exports` map resolves to real ESM, CJS and
 * `.d.ts` files in every module resolution mode (are-the-types-wrong, on the packed tarball), and the
 * package.json follows the rules publint checks. Runs on `dist/`, so `npm test` builds first.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { VENDOR_IDS } from '@omnihost/core';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const attwBin = join(
  dirname(createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json')),
  'dist/index.js',
);
// Every vendor package (core's vendor table), between core and the packages built on the vendors (fleet, cli).
const PACKAGES = ['core', ...VENDOR_IDS, 'fleet', 'cli'];

describe.each(PACKAGES)('@omnihost/%s package', (name) => {
  const pkgDir = join(root, 'packages', name);

  it('is built (npm run build) before its packaging is checked', () => {
    expect(existsSync(join(pkgDir, 'dist')), `packages/${name}/dist is missing: run npm run build`).toBe(true);
  });

  it('passes publint (strict)', async () => {
    const { messages } = await publint({ pkgDir, strict: true, pack: 'npm' });
    const problems = messages.filter((message) => message.type !== 'suggestion');
    expect(problems.map((message) => `${message.type} ${message.code} ${JSON.stringify(message.args)}`)).toEqual([]);
  });

  it('has types that resolve in every mode (are-the-types-wrong)', async () => {
    const result = await run(process.execPath, [attwBin, '--pack', pkgDir, '--format', 'ascii'], {
      cwd: pkgDir,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
    expect(result.ok, result.output).toBe(true);
  });
});
