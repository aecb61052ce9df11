import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetCli } from '../support/cli.js';
import { accountsFor } from '../support/fleet.js';
import { startSimulator } from '../support/simulators.js';

describe('omnihost fleet run (in-process, nothing installed)', () => {
  let sims: VendorSimulator<ProviderConfig>[] = [];
  let env: Record<string, string> = {};
  let dir = '';
  beforeAll(async () => {
    sims = await Promise.all(
      (['sitefactory', 'cloud66'] as const).map((vendor) =>
        startSimulator(vendor, { siteCount: 6, taskDurationMs: 200, rateLimit: false, seed: 9 }),
      ),
    );
    const accounts = accountsFor(sims);
    dir = mkdtempSync(join(tmpdir(), 'fleet-cli-'));
    writeFileSync(join(dir, 'accounts.json'), JSON.stringify(accounts.file));
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({ steps: [{ action: 'backup', select: { environment: 'prod' }, label: 'cli' }] }),
    );
    env = { ...accounts.env, OMNIHOST_ACCOUNTS_FILE: join(dir, 'accounts.json') };
  });
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()));
  });

  it('runs the plan here, says --redis makes it durable, and prints the report per site', async () => {
    const { code, stdout, stderr } = await fleetCli(['run', join(dir, 'plan.json')], env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('--redis URL makes the run durable and distributed');
    expect(stdout).toMatch(/step\s+account\s+site\s+outcome\s+task\s+result\s+message/);
    expect(stdout).toMatch(/sitefactory .* succeeded/);
    expect(stdout).toMatch(/cloud66 .* skipped .*no on-demand backups/);
    expect(stdout).toMatch(/run \S+ {2}completed/);
  });

  it('prints JSON lines with --jsonl, and never a secret', async () => {
    const { code, stdout } = await fleetCli(['run', join(dir, 'plan.json'), '--jsonl'], env);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; taskId?: string });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines.filter((l) => l.outcome === 'succeeded')) expect(line.taskId).toBeTruthy();
    for (const secret of Object.values(env))
      if (secret.length > 8 && !secret.includes('/')) expect(stdout).not.toContain(secret);
  });

  it('needs --redis for status, report, resume and cancel (an in-process run lives with its process)', async () => {
    const { code, stderr } = await fleetCli(['status', 'mx9abc-123456'], {});
    expect(code).toBe(3);
    expect(stderr).toMatch(/fleet status needs --redis URL \(or OMNIHOST_REDIS_URL\)/);
  });
});
