/**
 * What a person and a script meet when something is off (issues 13 and 14): a flag that is not a number,
 * a port that is taken, a deploy that would wipe a server, a wait deadline under a second; and the Acquia
 * simulator's links, which point at the simulator itself.
 */
import { createServer, type Server } from 'node:net';
import { runCli, runReleaseNight } from '@omnihost/cli';
import { createProvider, type Provider, type ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';
import { type TestIo, testIo } from './in-process-io.js';
import { envForConfig } from './spawn-cli.js';

const harness = (vendor: string) => HARNESSES.find((entry) => entry.vendor === vendor)!;
const usage = { OMNIHOST_VENDOR: 'cloud66', OMNIHOST_TOKEN: 'abc-token' };

describe('usage errors', () => {
  it('a value that is not a number says what was expected (exit 2), never "expected number, received NaN"', async () => {
    const cases = [
      ['sites', 'list', '--limit', 'abc'],
      ['sites', 'list', '--limit', '0'],
      ['tasks', 'wait', '42', '--wait-timeout', 'soon'],
      ['tasks', 'wait', '42', '--timeout', '5m'],
      ['--request-timeout-ms', '1.5s', 'sites', 'list'],
      ['--timeout-ms', 'x', 'sites', 'list'],
      ['simulate', 'onapp', '--port', 'x'],
      ['simulate', 'onapp', '--failure-rate', '2'],
    ];
    for (const args of cases) {
      const io = testIo(usage);
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err(), args.join(' ')).toMatch(/is invalid\. Expected (a|an) /);
      expect(io.err()).not.toMatch(/NaN|Invalid input/);
    }
  });

  it('with --json or --jsonl, a usage error is one JSON line on stderr like every other error', async () => {
    for (const args of [
      ['--json', 'frobnicate'],
      ['sites', 'list', '--limit', 'abc', '--jsonl'],
    ]) {
      const io = testIo(usage);
      expect(await runCli(args, io)).toBe(2);
      expect(io.err().trimEnd().split('\n')).toHaveLength(1);
      expect(JSON.parse(io.err())).toMatchObject({
        error: { name: 'UsageError', message: expect.any(String) },
        exitCode: 2,
      });
    }
  });
});

/** Runs `simulate` in-process until `use` is done with its announcement, then stops it as Ctrl-C would. */
async function whileSimulating(
  args: readonly string[],
  use: (announcement: { url: string; env: Record<string, string> }) => Promise<void>,
): Promise<TestIo> {
  const stop = new AbortController();
  const io = testIo({}, { signal: stop.signal });
  const running = runCli(['simulate', ...args, '--json'], io);
  try {
    const announced = await Promise.race([
      running.then((code) => {
        throw new Error(`simulate ended (${code}) before it announced itself: ${io.err()}`);
      }),
      (async () => {
        while (!io.out().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
        return JSON.parse(io.out().split('\n')[0]!) as { url: string; env: Record<string, string> };
      })(),
    ]);
    await use(announced);
  } finally {
    stop.abort();
  }
  expect(await running, io.err()).toBe(0);
  return io;
}

describe('simulate', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
  });

  it('a port that is taken is named, with how to choose another (exit 2, no stack, no help dump)', async () => {
    const io = testIo({});
    expect(await runCli(['simulate', 'cloud66', '--port', String(port)], io)).toBe(2);
    expect(io.err()).toBe(
      `error: port ${port} on 127.0.0.1 is already in use. Choose another with --port <port>, or --port 0 for any free port.\n`,
    );
    const json = testIo({});
    expect(await runCli(['--json', 'simulate', 'acquia', '--port', String(port)], json)).toBe(2);
    expect(JSON.parse(json.err())).toMatchObject({
      error: { name: 'UsageError', message: expect.stringContaining(`port ${port}`) },
      exitCode: 2,
    });
  });

  /** Acquia's `/applications` through the announced config: its `_links.self.href`. */
  async function selfLink(env: Record<string, string>): Promise<string> {
    const token = await fetch(env.OMNIHOST_TOKEN_URL!, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: env.OMNIHOST_CLIENT_ID!,
        client_secret: env.OMNIHOST_CLIENT_SECRET!,
      }),
    }).then((response) => response.json() as Promise<{ access_token: string }>);
    const page = await fetch(`${env.OMNIHOST_BASE_URL}/applications`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    }).then((response) => response.json() as Promise<{ _links: { self: { href: string } } }>);
    return page._links.self.href;
  }

  it("Acquia's links point at the simulator itself, or at --link-base-url", async () => {
    await whileSimulating(['acquia'], async ({ url, env }) => {
      expect(await selfLink(env)).toBe(`${url}/api/applications`);
    });
    await whileSimulating(['acquia', '--link-base-url', 'https://links.example.test/api'], async ({ env }) => {
      expect(await selfLink(env)).toBe('https://links.example.test/api/applications');
    });
    const other = testIo({});
    expect(await runCli(['simulate', 'cloud66', '--link-base-url', 'http://127.0.0.1:1/api'], other)).toBe(2);
    expect(other.err()).toContain('--link-base-url applies to the Acquia simulator only');
  });
});

describe('deploy', () => {
  const sims = new Map<string, VendorSimulator<ProviderConfig>>();
  beforeAll(async () => {
    for (const vendor of ['onapp', 'acquia']) sims.set(vendor, await harness(vendor).start({ seed: 13 }));
  });
  afterAll(async () => {
    await Promise.all([...sims.values()].map((sim) => sim.close()));
  });
  const stagingOf = async (vendor: string) => {
    const io = testIo(envForConfig(sims.get(vendor)!.config));
    expect(await runCli(['--json', 'sites', 'list', '-e', 'staging'], io), io.err()).toBe(0);
    return (JSON.parse(io.out()) as { id: string }[])[0]!.id;
  };

  it('a destructive deploy (OnApp rebuilds the server) is refused without --yes, and nothing is sent', async () => {
    const sim = sims.get('onapp')!;
    const env = envForConfig(sim.config);
    const site = await stagingOf('onapp');
    const before = sim.server.stats().requests;
    const refused = testIo(env);
    expect(await runCli(['deploy', site, '--ref', 'tags/2.4.0', '--wait'], refused)).toBe(2);
    expect(refused.err()).toMatch(
      /^error: a onapp deploy destroys data: .*wipes its disks\. Nothing was sent\. Add --yes/,
    );
    expect(refused.out()).toBe('');
    const json = testIo(env);
    expect(await runCli(['--json', 'deploy', site, '--ref', 'tags/2.4.0'], json)).toBe(2);
    expect(JSON.parse(json.err())).toMatchObject({ error: { name: 'UsageError' }, exitCode: 2 });
    expect(sim.server.stats().requests).toBe(before);

    const confirmed = testIo(env);
    expect(await runCli(['--json', 'deploy', site, '--ref', 'tags/2.4.0', '--yes'], confirmed), confirmed.err()).toBe(
      0,
    );
    expect(JSON.parse(confirmed.out())).toMatchObject({ vendor: 'onapp', id: expect.any(String) });
    expect(sim.server.stats().requests).toBeGreaterThan(before);
  });

  it('the release night leaves destructive deploys out unless allowed, and says so', async () => {
    const provider = (await createProvider(sims.get('onapp')!.config)) as Provider;
    const report = await runReleaseNight(provider, { ref: 'tags/2.4.0', timeoutMs: 20_000 });
    expect(report.deploys).toMatchObject({ succeeded: 0, failed: 0, sitesSkipped: report.stagingSites });
    expect(report.skipped.join('\n')).toContain('wipe its disks');
    expect(report.failures).toEqual([]);
  });

  it('a deploy that destroys nothing needs no --yes', async () => {
    const env = envForConfig(sims.get('acquia')!.config);
    const io = testIo(env);
    expect(await runCli(['--json', 'deploy', await stagingOf('acquia'), '--ref', 'tags/2.4.0'], io), io.err()).toBe(0);
  });
});

describe('wait deadlines under a second', () => {
  let slow: VendorSimulator<ProviderConfig>;
  beforeAll(async () => {
    slow = await harness('cloud66').start({ taskDurationMs: 60_000, seed: 3 });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('are reported as set: --wait-timeout 0.5 is 500 ms, never "1 s" or "0 s"', async () => {
    const env = envForConfig(slow.config);
    const listed = testIo(env);
    expect(await runCli(['--json', 'sites', 'list', '-n', '1'], listed)).toBe(0);
    const [site] = JSON.parse(listed.out()) as { id: string }[];
    const started = testIo(env);
    expect(await runCli(['--json', 'deploy', site!.id, '--ref', 'main'], started), started.err()).toBe(0);
    const task = JSON.parse(started.out()) as { id: string };
    for (const [flag, value, shown] of [
      ['--wait-timeout', '0.5', '500 ms'],
      ['--timeout', '0.0001', '1 ms'],
    ]) {
      const io = testIo(env);
      expect(await runCli(['tasks', 'wait', task.id, flag!, value!], io)).toBe(12);
      expect(io.err()).toContain(`within ${shown} `);
      expect(io.err()).not.toMatch(/within [01] s\b/);
      expect(io.err()).not.toMatch(/\b(\w+), \1\b/);
    }
  });
});
