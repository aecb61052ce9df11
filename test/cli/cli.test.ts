/**
 * The built `omnihost` binary, spawned against vendor simulators started in this process: JSON output
 * parsed as JSON, one exit code per error class, help everywhere, and no credential in any output.
 */
import { collect, createProvider, type Provider, type ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';
import { BIN_BUILT, BUILT, cleanEnv, envForConfig, finished, firstLine, runBin, startCli } from './spawn-cli.js';

interface JsonSite {
  vendor: string;
  id: string;
  name: string;
  environment: string;
  raw?: unknown;
}

const harness = (vendor: string) => HARNESSES.find((entry) => entry.vendor === vendor)!;
const parseJson = <T>(text: string): T => JSON.parse(text) as T;

it('the binary is built (npm test builds before running vitest)', () => {
  expect(BIN_BUILT, `${BUILT} is missing: run npm run build`).toBe(true);
});

describe.skipIf(!BIN_BUILT).concurrent('omnihost binary', () => {
  const sims = new Map<string, VendorSimulator<ProviderConfig>>();
  const env = (vendor: string) => envForConfig(sims.get(vendor)!.config);
  /** Site ids are looked up in-process (a spawn costs a Node start-up); the commands under test are spawned. */
  const sitesOf = async (vendor: string, environment: string, config = sims.get(vendor)!.config) => {
    const provider = (await createProvider(config)) as Provider;
    const sites = await collect(provider.sites.list(), { limit: 1000 });
    return sites.filter((site) => site.environment === environment);
  };

  beforeAll(async () => {
    await Promise.all(
      HARNESSES.map(async ({ vendor, start }) => sims.set(vendor, await start({ taskDurationMs: 200, seed: 11 }))),
    );
  });
  afterAll(async () => {
    await Promise.all([...sims.values()].map((sim) => sim.close()));
  });

  it.each(HARNESSES.map(({ vendor }) => vendor))(
    '%s: sites list --json prints the vocabulary as JSON',
    async (vendor) => {
      const run = await runBin(['sites', 'list', '--json'], env(vendor));
      expect(run.code, run.stderr).toBe(0);
      const sites = parseJson<JsonSite[]>(run.stdout);
      expect(sites.length).toBeGreaterThan(0);
      for (const site of sites) {
        expect(site.vendor).toBe(vendor);
        expect(typeof site.id).toBe('string');
        expect(['prod', 'staging', 'dev', 'other']).toContain(site.environment);
        expect(site.raw).toBeUndefined();
      }
    },
  );

  it('sites get with --raw includes the vendor payload; a table for people otherwise', async () => {
    const [prod] = await sitesOf('cloud66', 'prod');
    const raw = await runBin(['sites', 'get', prod!.id, '--json', '--raw'], env('cloud66'));
    expect(raw.code, raw.stderr).toBe(0);
    expect(parseJson<JsonSite>(raw.stdout)).toMatchObject({ id: prod!.id, raw: expect.any(Object) });
    const table = await runBin(['sites', 'get', prod!.id], env('cloud66'));
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(prod!.name);
    expect(table.stdout).not.toContain('\u001b['); // not a TTY: no colour codes
  });

  it('an unknown site exits 6 (NotFoundError), as JSON on stderr with --json', async () => {
    const run = await runBin(['--json', 'sites', 'get', '9999999'], env('acquia'));
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    const { error, exitCode } = parseJson<{
      error: { name: string; vendor: string; status: number };
      exitCode: number;
    }>(run.stderr);
    expect(error).toMatchObject({ name: 'NotFoundError', vendor: 'acquia', status: 404 });
    expect(exitCode).toBe(6);
    const text = await runBin(['sites', 'get', '9999999'], env('onapp'));
    expect(text.code).toBe(6);
    expect(text.stderr).toMatch(/^Error \(NotFoundError\): /);
  });

  it.each(HARNESSES.map(({ vendor }) => vendor))(
    '%s: bad credentials exit 4 (AuthenticationError) and the secret is not printed',
    async (vendor) => {
      const bad = sims.get(vendor)!.badCredentialsConfig;
      const run = await runBin(['sites', 'list'], envForConfig(bad));
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr).toContain('AuthenticationError');
      for (const secret of secretsOf(bad)) {
        expect(run.stderr).not.toContain(secret);
        expect(run.stdout).not.toContain(secret);
      }
    },
  );

  it('a secret passed as a flag never appears in the error', async () => {
    const secret = 'flag-secret-0123456789';
    const run = await runBin(['--json', '--client-secret', secret, 'sites', 'list'], env('acquia'));
    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain(secret);
  });

  it('missing configuration exits 3 and names the variable and the flag', async () => {
    const run = await runBin(['sites', 'list'], cleanEnv({ OMNIHOST_VENDOR: 'acquia', OMNIHOST_CLIENT_ID: 'x' }));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ConfigurationError');
    expect(run.stderr).toContain('OMNIHOST_CLIENT_SECRET (--client-secret) is required');
    expect(run.stderr).not.toContain('OMNIHOST_CLIENT_ID (--client-id) is required');

    const noVendor = await runBin(['--json', 'sites', 'list'], cleanEnv());
    expect(noVendor.code).toBe(3);
    expect(parseJson<{ error: { problems: string[] } }>(noVendor.stderr).error.problems).toEqual([
      'OMNIHOST_VENDOR (--vendor) is required',
    ]);

    const flagsOnly = await runBin(
      ['sites', 'list', '--vendor', 'onapp', '--base-url', 'http://127.0.0.1:9'],
      cleanEnv(),
    );
    expect(flagsOnly.code).toBe(3);
    expect(flagsOnly.stderr).toContain('email + apiKey (or login + password) are required');
  });

  it('usage errors exit 2; --help exits 0 on every command', async () => {
    const unknown = await runBin(['frobnicate'], cleanEnv());
    expect(unknown.code).toBe(2);
    const badVendor = await runBin(['--vendor', 'heroku', 'sites', 'list'], cleanEnv());
    expect(badVendor.code).toBe(2);
    const deployWithoutRef = await runBin(['deploy', '42'], env('acquia'));
    expect(deployWithoutRef.code).toBe(2);
    expect(deployWithoutRef.stderr).toContain('--ref');

    const help = await runBin(['--help'], cleanEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: omnihost/);
    expect(help.stdout).toContain('15 TaskFailedError');
    const subHelp = await runBin(['backups', 'create', '--help'], cleanEnv());
    expect(subHelp.code).toBe(0);
    expect(subHelp.stdout).toMatch(/^Usage: omnihost backups create/);
  });

  it('backups create --wait prints the finished backup; it is then listed and has a download URL', async () => {
    const [prod] = await sitesOf('acquia', 'prod');
    const created = await runBin(
      ['backups', 'create', prod!.id, '--wait', '--wait-timeout', '20', '--json'],
      env('acquia'),
    );
    expect(created.code, created.stderr).toBe(0);
    const backup = parseJson<{ id: string; siteId: string; state: string }>(created.stdout);
    expect(backup).toMatchObject({ siteId: prod!.id, state: 'completed' });

    const listed = await runBin(['backups', 'list', prod!.id, '--json'], env('acquia'));
    expect(parseJson<{ id: string }[]>(listed.stdout).map((item) => item.id)).toContain(backup.id);

    const link = await runBin(['backups', 'download-url', prod!.id, backup.id], env('acquia'));
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout.trim()).toMatch(/^https?:\/\/\S+$/);
    const restored = await runBin(['backups', 'restore', prod!.id, backup.id, '--wait', '--json'], env('acquia'));
    expect(restored.code, restored.stderr).toBe(0);
    expect(parseJson<{ state: string }>(restored.stdout).state).toBe('succeeded');
    const deleted = await runBin(['backups', 'delete', prod!.id, backup.id, '--wait', '--json'], env('acquia'));
    expect(deleted.code, deleted.stderr).toBe(0);
    const gone = await runBin(['backups', 'get', prod!.id, backup.id], env('acquia'));
    expect(gone.code).toBe(6);
  });

  it('deploy --from-site promotes the code another site runs', async () => {
    const provider = (await createProvider(sims.get('acquia')!.config)) as Provider;
    const sites = await collect(provider.sites.list(), { limit: 1000 });
    const staging = sites.find((site) => site.environment === 'staging')!;
    const prod = sites.find((site) => site.environment === 'prod' && site.group === staging.group)!;
    const run = await runBin(['deploy', prod.id, '--from-site', staging.id, '--wait', '--json'], env('acquia'));
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson<{ siteId: string; state: string }>(run.stdout)).toMatchObject({
      siteId: prod.id,
      state: 'succeeded',
    });
  });

  it('a started task can be followed with tasks get and tasks wait', async () => {
    const [prod] = await sitesOf('onapp', 'prod');
    const started = await runBin(['backups', 'create', prod!.id, '--json'], env('onapp'));
    expect(started.code, started.stderr).toBe(0);
    const task = parseJson<{ id: string; state: string }>(started.stdout);
    const got = await runBin(['tasks', 'get', task.id, '--json'], env('onapp'));
    expect(parseJson<{ id: string }>(got.stdout).id).toBe(task.id);
    const waited = await runBin(['tasks', 'wait', task.id, '--wait-timeout', '20', '--json'], env('onapp'));
    expect(waited.code, waited.stderr).toBe(0);
    expect(parseJson<{ state: string }>(waited.stdout).state).toBe('succeeded');
  });

  it('deploy --ref --wait prints the deployment; a failed task exits 15 with the vendor status', async () => {
    const [staging] = await sitesOf('sitefactory', 'staging');
    const ok = await runBin(['deploy', staging!.id, '--ref', 'tags/2.4.0', '--wait', '--json'], env('sitefactory'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(parseJson<{ state: string; ref: string }>(ok.stdout)).toMatchObject({ state: 'succeeded' });

    sims.get('sitefactory')!.failNextTasks(1, 'deploy');
    const failed = await runBin(['deploy', staging!.id, '--ref', 'tags/2.4.1', '--wait', '--json'], env('sitefactory'));
    expect(failed.code).toBe(15);
    const { error } = parseJson<{ error: { name: string; task: { state: string; rawStatus: string } } }>(failed.stderr);
    expect(error.name).toBe('TaskFailedError');
    expect(['failed', 'cancelled']).toContain(error.task.state);
    expect(error.task.rawStatus).not.toBe('');
  });

  it('what a vendor cannot do exits 14 (UnsupportedOperationError)', async () => {
    const [prod] = await sitesOf('cloud66', 'prod');
    const run = await runBin(['backups', 'create', prod!.id], env('cloud66'));
    expect(run.code).toBe(14);
    expect(run.stderr).toContain('cloud66 does not support');
  });

  it('Ctrl-C during tasks wait ends it with exit 130', async () => {
    const slow = await harness('acquia').start({ taskDurationMs: 60_000, seed: 3 });
    try {
      const slowEnv = envForConfig(slow.config);
      const [prod] = await sitesOf('acquia', 'prod', slow.config);
      const started = await runBin(['backups', 'create', prod!.id, '--json'], slowEnv);
      const task = parseJson<{ id: string }>(started.stdout);
      const before = slow.server.stats().requests;
      const child = startCli(['tasks', 'wait', task.id], slowEnv);
      const done = finished(child);
      // Interrupt once the binary is polling (its SIGINT handler is installed by then), not after a guess.
      while (slow.server.stats().requests === before && child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGINT');
      const run = await done;
      expect(run.code).toBe(130);
      expect(run.stderr).toContain('AbortError');
    } finally {
      await slow.close();
    }
  });

  it('tasks cancel stops a task; waiting on it then exits 15 (the task ended cancelled)', async () => {
    const slow = await harness('sitefactory').start({ taskDurationMs: 60_000, seed: 3 });
    try {
      const slowEnv = envForConfig(slow.config);
      const [prod] = await sitesOf('sitefactory', 'prod', slow.config);
      const task = parseJson<{ id: string }>((await runBin(['backups', 'create', prod!.id, '--json'], slowEnv)).stdout);
      const cancelled = await runBin(['tasks', 'cancel', task.id], slowEnv);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      const waited = await runBin(['--json', 'tasks', 'wait', task.id, '--timeout', '20'], slowEnv);
      expect(waited.code, waited.stderr).toBe(15);
      expect(parseJson<{ error: { task: { state: string } } }>(waited.stderr).error.task.state).toBe('cancelled');
    } finally {
      await slow.close();
    }
  });

  it('simulate serves a simulator until SIGINT and prints a config the other commands accept', async () => {
    const child = startCli(['simulate', 'cloud66', '--json', '--sites', '5'], cleanEnv());
    const done = finished(child);
    try {
      const announcement = parseJson<{ url: string; env: Record<string, string> }>(await firstLine(child));
      expect(announcement.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const run = await runBin(['sites', 'list', '--json'], cleanEnv(announcement.env));
      expect(run.code, run.stderr).toBe(0);
      expect(parseJson<JsonSite[]>(run.stdout)).toHaveLength(5);
    } finally {
      child.kill('SIGINT');
    }
    expect((await done).code).toBe(0);
  });
});

function secretsOf(config: ProviderConfig): string[] {
  const record = config as unknown as Record<string, unknown>;
  return ['clientSecret', 'apiKey', 'token', 'password']
    .map((field) => record[field])
    .filter((value): value is string => typeof value === 'string' && value.length >= 4);
}
