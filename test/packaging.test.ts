import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const packages = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/**
 * Every package's build is checked the way a consumer meets it: publint for the package.json/exports
 * map, and "are the types wrong" for ESM + CJS type resolution (node16 and bundlers; node10 cannot see
 * subpath exports at all). Runs on dist/, so `npm test` builds first.
 */
describe.each(packages)('%s packaging', (dir) => {
  const path = join(root, dir);
  const built = existsSync(join(path, 'dist'));

  it('is built (npm test runs the build first)', () => {
    expect(built, `${dir}/dist is missing: run npm run build`).toBe(true);
  });

  it.runIf(built)('passes publint', { timeout: 60_000 }, async () => {
    const { stdout } = await run(bin('publint'), ['--strict', path], { cwd: root });
    expect(stdout).toMatch(/All good/);
  });

  it.runIf(built)('passes @arethetypeswrong/cli', { timeout: 120_000 }, async () => {
    const result = await run(bin('attw'), ['--pack', path, '--profile', 'node16', '--format', 'json'], {
      cwd: root,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
      analysis?: { problems?: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> };
    };
    const problems = (report.analysis?.problems ?? []).filter((problem) => problem.resolutionKind !== 'node10');
    expect(problems).toEqual([]);
  });
});
