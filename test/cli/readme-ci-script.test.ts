/**
 * The CLI README's CI script, run as written (bash, jq, the built `omnihost` on PATH) against the Acquia
 * simulator, with the answer of the first deploy lost after Acquia ran it (issue 15): the script must find
 * that deploy with `operations reconcile` instead of failing it or deploying twice, and deploy every staging
 * site exactly once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator } from '@omnihost/cli';
import type { ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, BIN_BUILT, envForConfig, finished } from './spawn-cli.js';

const root = resolve(import.meta.dirname, '../..');
const hasTools = ['bash', 'jq'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);

/** The ```bash block of the README's "In CI scripts" section. */
async function ciScript(): Promise<string> {
  const readme = await readFile(join(root, 'packages/cli/README.md'), 'utf8');
  const script = /## In CI scripts\n\n```bash\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!script) throw new Error('the CLI README has no CI script');
  return script;
}

describe.skipIf(!BIN_BUILT || !hasTools)("the CLI README's CI script", () => {
  let sim: VendorSimulator<ProviderConfig>;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator('acquia', { taskDurationMs: 1_500, seed: 15 });
    dir = await mkdtemp(join(tmpdir(), 'omnihost-ci-script-'));
    const shim = join(dir, 'omnihost');
    await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    await chmod(shim, 0o755);
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('finds a deploy whose answer was lost instead of deploying twice; every staging site is deployed once', async () => {
    const script = await ciScript();
    const before = sim.server.stats().executions;
    // The first deploy runs at Acquia, which then answers after the request timeout: the answer is lost.
    sim.server.setRandomFaults({ rate: 0, slowMs: 6_000 });
    sim.server.inject({
      kind: 'slow',
      match: (request) => request.method === 'POST' && /\/code\/actions\/switch$/.test(request.path),
    });
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: {
        ...envForConfig(sim.config),
        PATH: `${dir}:${process.env.PATH ?? ''}`,
        VERSION: '2.4.0',
        OMNIHOST_TIMEOUT_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run = await finished(child);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const staging = JSON.parse(await readFile(join(dir, 'staging.json'), 'utf8')) as { id: string }[];
    expect(staging.length).toBeGreaterThan(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.sort()).toEqual(staging.map((site) => `${site.id}: succeeded tags/2.4.0`).sort());
    // The lost answer happened (its intent was kept) and was reconciled.
    expect(JSON.parse(await readFile(join(dir, 'lost.json'), 'utf8'))).toMatchObject({
      error: { outcome: 'unknown', intent: { kind: 'deploys.deploy' } },
    });
    const after = sim.server.stats();
    const deploys = (counts: Record<string, number>) =>
      Object.entries(counts)
        .filter(([kind]) => kind === 'deploy')
        .reduce((sum, [, count]) => sum + count, 0);
    expect(deploys(after.executions) - deploys(before)).toBe(staging.length);
    expect(after.duplicateExecutions).toEqual([]);
  }, 180_000);
});
