/**
 * The fleet wired into `omnihost` (issue 16): `omnihost fleet ...` runs a plan in-process with the
 * program's own `--json` and `--accounts-file`, sets the fleet's exit codes, and `--account NAME` (or
 * `OMNIHOST_ACCOUNT`) gives every vendor command its connection from the accounts file, secrets from the
 * variables the file names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startSimulator } from '@omnihost/cli';
import type { ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { SECRET_FIELDS } from '@omnihost/fleet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionArguments } from '../../packages/cli/src/config/resolve-config.js';
import { testIo } from './in-process-io.js';

describe('omnihost fleet and --account', () => {
  let sims: VendorSimulator<ProviderConfig>[] = [];
  let dir = '';
  let accountsFile = '';
  /** The secrets' variables, as a user would export them. */
  const secretsEnv: Record<string, string> = {};

  beforeAll(async () => {
    sims = await Promise.all(
      (['acquia', 'cloud66'] as const).map((vendor) =>
        startSimulator(vendor, { siteCount: 6, taskDurationMs: 150, rateLimit: false, seed: 16 }),
      ),
    );
    dir = mkdtempSync(join(tmpdir(), 'cli-fleet-'));
    const accounts = sims.map((sim) => {
      const settings: Record<string, unknown> = {};
      const secrets: Record<string, { env: string }> = {};
      for (const [field, value] of Object.entries(sim.config)) {
        if (field === 'vendor') continue;
        if (SECRET_FIELDS[sim.vendor].includes(field)) {
          const variable = `CLI_TEST_${sim.vendor.toUpperCase()}_${field.toUpperCase()}`;
          secretsEnv[variable] = String(value);
          secrets[field] = { env: variable };
        } else settings[field] = value;
      }
      return { name: `${sim.vendor}-prod`, vendor: sim.vendor, settings, secrets };
    });
    accountsFile = join(dir, 'omnihost.accounts.json');
    writeFileSync(accountsFile, JSON.stringify({ accounts }, null, 2));
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({ steps: [{ action: 'backup', select: { environment: 'prod' }, label: 'cli-fleet' }] }),
    );
  });
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists fleet among the commands, and --account, --accounts-file among the options', async () => {
    const io = testIo({});
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}fleet +Run plans/m);
    expect(io.out()).toMatch(/--account <name> +OMNIHOST_ACCOUNT/);
    expect(io.out()).toMatch(/--accounts-file <path> +OMNIHOST_ACCOUNTS_FILE/);
    const fleet = testIo({});
    expect(await runCli(['fleet', '--help'], fleet)).toBe(0);
    for (const command of ['run', 'worker', 'status', 'cancel', 'resume', 'report', 'dashboard']) {
      expect(fleet.out()).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
  });

  it('omnihost fleet run: in this process, with the global --accounts-file and --json', async () => {
    const io = testIo(secretsEnv);
    const code = await runCli(['fleet', 'run', join(dir, 'plan.json'), '--accounts-file', accountsFile, '--json'], io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toContain('--redis URL makes the run durable and distributed');
    const report = JSON.parse(io.out()) as { run: { status: string }; results: { vendor: string; outcome: string }[] };
    expect(report.run.status).toBe('completed');
    expect(report.results.filter((r) => r.vendor === 'acquia' && r.outcome === 'succeeded').length).toBeGreaterThan(0);
    expect(report.results.filter((r) => r.vendor === 'cloud66').every((r) => r.outcome === 'skipped')).toBe(true);
    for (const secret of Object.values(secretsEnv)) expect(io.out() + io.err()).not.toContain(secret);
  });

  it('omnihost fleet run: failed sites end with the fleet exit code 20, and the report names them', async () => {
    const acquia = sims[0] as VendorSimulator<ProviderConfig>;
    acquia.failNextTasks(1, 'backup');
    const io = testIo({ ...secretsEnv, OMNIHOST_ACCOUNTS_FILE: accountsFile });
    const code = await runCli(['fleet', 'run', join(dir, 'plan.json'), '--jsonl'], io);
    expect(code, io.err()).toBe(20);
    const failed = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; error?: string; taskId?: string })
      .filter((line) => line.outcome === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.error).toBe('TaskFailedError');
    expect(failed[0]?.taskId).toBeTruthy();
  });

  it('omnihost fleet: a bad plan is a validation error (7), an unreachable Redis a network error (11)', async () => {
    writeFileSync(join(dir, 'bad-plan.json'), JSON.stringify({ steps: [{ action: 'restore' }] }));
    const bad = testIo({ ...secretsEnv, OMNIHOST_ACCOUNTS_FILE: accountsFile });
    expect(await runCli(['fleet', 'run', join(dir, 'bad-plan.json')], bad)).toBe(7);
    expect(bad.err()).toMatch(/steps\[0\]\.action/);
    const redis = testIo({});
    expect(await runCli(['fleet', 'status', 'mx9abc-123456', '--redis', 'redis://127.0.0.1:1'], redis)).toBe(11);
    expect(redis.err()).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const usage = testIo({});
    expect(await runCli(['fleet', 'worker', '--concurrency', 'lots'], usage)).toBe(2);
  });

  it('--account NAME: a vendor command connects with the account of the accounts file', async () => {
    const io = testIo(secretsEnv);
    const code = await runCli(
      ['--account', 'cloud66-prod', '--accounts-file', accountsFile, 'sites', 'list', '--json'],
      io,
    );
    expect(code, io.err()).toBe(0);
    const sites = JSON.parse(io.out()) as { vendor: string }[];
    expect(sites.length).toBe(6);
    expect(sites.every((site) => site.vendor === 'cloud66')).toBe(true);
    // After the subcommand too, and from OMNIHOST_ACCOUNT / OMNIHOST_ACCOUNTS_FILE.
    const after = testIo(secretsEnv);
    expect(
      await runCli(['sites', 'list', '--account', 'acquia-prod', '--accounts-file', accountsFile, '--json'], after),
    ).toBe(0);
    expect((JSON.parse(after.out()) as { vendor: string }[])[0]?.vendor).toBe('acquia');
    const variables = testIo({ ...secretsEnv, OMNIHOST_ACCOUNT: 'acquia-prod', OMNIHOST_ACCOUNTS_FILE: accountsFile });
    expect(await runCli(['sites', 'list', '--json'], variables)).toBe(0);
    expect((JSON.parse(variables.out()) as unknown[]).length).toBe(6);
  });

  it('--account: the account wins over OMNIHOST_* connection variables, and a connection flag with it is refused', async () => {
    const io = testIo({ ...secretsEnv, OMNIHOST_VENDOR: 'onapp', OMNIHOST_BASE_URL: 'http://127.0.0.1:1' });
    expect(await runCli(['--account', 'cloud66-prod', '--accounts-file', accountsFile, 'sites', 'list'], io)).toBe(0);
    const mixed = testIo(secretsEnv);
    const code = await runCli(
      [
        '--account',
        'cloud66-prod',
        '--accounts-file',
        accountsFile,
        '--base-url',
        'http://127.0.0.1:1',
        'sites',
        'list',
      ],
      mixed,
    );
    expect(code).toBe(3);
    expect(mixed.err()).toMatch(/account cloud66-prod gives the connection: leave out --base-url/);
  });

  it('--account: an unknown account, a missing file and a missing secret variable are configuration errors (3), never echoing a secret', async () => {
    const unknown = testIo(secretsEnv);
    expect(await runCli(['--account', 'nope', '--accounts-file', accountsFile, 'sites', 'list'], unknown)).toBe(3);
    expect(unknown.err()).toMatch(/unknown account "nope" \(.* names: acquia-prod, cloud66-prod\)/);

    const missingFile = testIo(secretsEnv);
    expect(
      await runCli(
        ['--account', 'acquia-prod', '--accounts-file', join(dir, 'none.json'), 'sites', 'list'],
        missingFile,
      ),
    ).toBe(3);
    expect(missingFile.err()).toMatch(/cannot read the accounts file .*none\.json: no such file/);

    const { CLI_TEST_ACQUIA_CLIENTSECRET: _unset, ...withoutAcquia } = secretsEnv;
    const missing = testIo(withoutAcquia);
    expect(
      await runCli(['--account', 'acquia-prod', '--accounts-file', accountsFile, 'sites', 'list', '--json'], missing),
    ).toBe(3);
    expect(missing.err()).toMatch(/clientSecret reads CLI_TEST_ACQUIA_CLIENTSECRET, which is not set/);
    for (const secret of Object.values(secretsEnv)) expect(missing.err() + unknown.err()).not.toContain(secret);
  });

  it("operations reconcile with --account: an account of another vendor than the intent's is refused (3); the right one reconciles", async () => {
    const intent = JSON.stringify({
      vendor: 'cloud66',
      kind: 'deploys.deploy',
      siteId: 'no-such-stack',
      key: 'omnihost-cli-account-check',
      startedAt: new Date().toISOString(),
      ref: 'main',
    });
    const wrong = testIo(secretsEnv);
    expect(
      await runCli(
        ['--account', 'acquia-prod', '--accounts-file', accountsFile, 'operations', 'reconcile', intent],
        wrong,
      ),
    ).toBe(3);
    expect(wrong.err()).toContain('This is a cloud66 start, but the CLI is set to acquia (account acquia-prod)');
    // The right account reaches the Cloud 66 simulator: the answer is the vendor's, not a configuration error.
    const right = testIo(secretsEnv);
    const code = await runCli(
      ['--account', 'cloud66-prod', '--accounts-file', accountsFile, 'operations', 'reconcile', intent],
      right,
    );
    expect(code, right.err()).not.toBe(3);
    for (const secret of Object.values(secretsEnv))
      expect(wrong.err() + right.err() + right.out()).not.toContain(secret);
  });

  it('a command the CLI suggests (reconcile after a lost answer) names the account and its file again', () => {
    expect(connectionArguments({ account: 'acquia-prod', accountsFile: accountsFile }).args).toEqual([
      '--account',
      'acquia-prod',
      '--accounts-file',
      accountsFile,
    ]);
  });
});
