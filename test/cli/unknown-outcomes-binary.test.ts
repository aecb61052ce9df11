/**
 * Issue 15 from outside: the built `omnihost` binary against the vendor simulators, doing what its messages
 * say. A start whose answer is lost after the vendor executed it is found by the printed `operations
 * reconcile` command and never executed twice; one dropped before the vendor's handler is found not started
 * (exit 16) and run again once; Ctrl-C during `--wait` (SIGINT to the child) names the task, and the printed
 * `operations resume` finishes the wait in a second process; without a terminal, `--wait` writes the task id
 * and its states on stderr.
 *
 * Where a vendor package does not reconcile a call yet (`capabilities.operations.reconcile[kind] === 'none'`),
 * the tests about reconciling skip it: they run as each vendor's issue-15 work lands.
 */
import type { ChildProcess } from 'node:child_process';
import { DEMO_PLANS } from '@omnihost/cli';
import {
  type Backup,
  collect,
  createProvider,
  type Provider,
  type ProviderConfig,
  START_KINDS,
  type StartKind,
} from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';
import { BIN_BUILT, envForConfig, finished, runBin, startCli } from './spawn-cli.js';
import { suggested } from './suggested-commands.js';

const parse = <T>(text: string): T => JSON.parse(text) as T;

/** Each vendor's provider capabilities (static: read once from a provider on a throwaway simulator). */
const CAPABILITIES = new Map<string, Pick<Provider, 'capabilities'>>(
  await Promise.all(
    HARNESSES.map(async ({ vendor, start }) => {
      const sim = await start();
      try {
        const { capabilities } = (await createProvider(sim.config)) as Provider;
        return [vendor, { capabilities }] as const;
      } finally {
        await sim.close();
      }
    }),
  ),
);

/** Resolves once the child's stderr matches `pattern` (with the match), or rejects when it exits first. */
function stderrMatch(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = pattern.exec(text);
      if (!match) return;
      child.stderr?.off('data', onData);
      resolve(match);
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the CLI exited (${code}) before writing ${pattern}: ${text}`)));
  });
}

/** Every execution the simulator counted, all kinds together. */
function executions(sim: VendorSimulator<ProviderConfig>): number {
  return Object.values(sim.server.stats().executions).reduce((sum, count) => sum + count, 0);
}

/** The request a start call sends: a mutation, not the OAuth token request that may come before it. */
const isStartRequest = (request: { method: string; path: string }) =>
  request.method !== 'GET' && !/token/i.test(request.path);

// Every case has simulators of its own, so the cases run side by side: most of their time is spent waiting for
// simulated tasks (3 s each, long enough for Ctrl-C to land mid-wait) and for spawned binaries.
describe.skipIf(!BIN_BUILT)('omnihost binary: unknown outcomes (issue 15)', { concurrent: true }, () => {
  const opened: VendorSimulator<ProviderConfig>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sim) => sim.close()));
  });

  /** A simulator of `vendor` for one case, a provider on it, and the environment the binary reads it from. */
  async function open(vendor: string) {
    const harness = HARNESSES.find((candidate) => candidate.vendor === vendor)!;
    const sim = await harness.start({ taskDurationMs: 3_000, seed: 15 });
    opened.push(sim);
    const provider = (await createProvider(sim.config)) as Provider;
    return { sim, provider, env: envForConfig(sim.config) };
  }
  type Opened = Awaited<ReturnType<typeof open>>;

  const siteOf = async ({ provider }: Opened, environment: 'prod' | 'staging') => {
    const sites = await collect(provider.sites.list(), { limit: 1000 });
    const site = sites.find((candidate) => candidate.environment === environment) ?? sites[0];
    return site!.id;
  };
  /** A finished backup of `siteId`, taken in-process (restore and delete need one). */
  const backupOf = async ({ provider }: Opened, siteId: string): Promise<Backup> => {
    const operation = await provider.backups.create(siteId);
    return operation.wait({ timeoutMs: 30_000 });
  };
  /** Whether the vendor can do `kind` at all, and reconciles it (capabilities are the same on every instance). */
  const reconciles = (vendor: string, kind: StartKind) => {
    const { capabilities } = CAPABILITIES.get(vendor)!;
    const can = {
      'backups.create': capabilities.backups.create,
      'backups.restore': capabilities.backups.restore,
      'backups.delete': capabilities.backups.delete,
      'deploys.deploy': capabilities.deploys.deploy && capabilities.deploys.byRef,
    }[kind];
    return can && capabilities.operations.reconcile[kind] !== 'none';
  };
  /** The CLI arguments of a start of `kind` (what it needs made first). */
  const startArgs = async (at: Opened, kind: StartKind): Promise<string[]> => {
    const vendor = at.provider.vendor;
    if (kind === 'deploys.deploy') {
      const ref = DEMO_PLANS[vendor as keyof typeof DEMO_PLANS].ref ?? 'tags/2.4.0';
      return ['deploy', await siteOf(at, 'staging'), '--ref', ref, '--yes'];
    }
    const site = await siteOf(at, 'prod');
    if (kind === 'backups.create') return ['backups', 'create', site];
    const backup = await backupOf(at, site);
    return ['backups', kind === 'backups.restore' ? 'restore' : 'delete', site, backup.id];
  };

  const cases = HARNESSES.flatMap(({ vendor }) => START_KINDS.map((kind) => [vendor, kind] as const));

  it.for(cases)(
    '%s %s: executed, then the answer lost (502): the printed reconcile command finds it, one execution',
    { timeout: 120_000 },
    async ([vendor, kind], context) => {
      if (!reconciles(vendor, kind)) return context.skip();
      const at = await open(vendor);
      const { sim } = at;
      const args = await startArgs(at, kind);
      const before = executions(sim);
      const duplicates = sim.server.stats().duplicateExecutions.length;
      sim.server.inject({ kind: 'server-error-after', status: 502, match: isStartRequest });
      const failed = await runBin(args, at.env);
      expect(failed.code, failed.stderr).toBe(10);
      expect(failed.stderr).toContain('may have started');
      expect(failed.stderr).toContain('Do not just run the command again');
      const command = suggested(failed.stderr, 'operations reconcile');
      expect(command, failed.stderr).toBeDefined();

      const found = await runBin([...command!, '--json'], at.env);
      expect(found.code, found.stderr).toBe(0);
      const result = parse<{ vendor: string; state: string }>(found.stdout);
      expect(result.vendor).toBe(vendor);
      expect(['completed', 'succeeded']).toContain(result.state);
      expect(executions(sim) - before).toBe(1);
      expect(sim.server.stats().duplicateExecutions).toHaveLength(duplicates);
    },
  );

  it.for(HARNESSES.map(({ vendor }) => vendor))(
    '%s: a start dropped before the handler is found not started (exit 16), and run again once',
    { timeout: 120_000 },
    async (vendor, context) => {
      // Cloud 66 takes no backup on demand: its one start is the deploy.
      const kind = (['backups.create', 'deploys.deploy'] as const).find((candidate) => reconciles(vendor, candidate));
      if (!kind) return context.skip();
      const at = await open(vendor);
      const { sim } = at;
      const args = await startArgs(at, kind);
      const before = executions(sim);
      sim.server.inject({ kind: 'reset', match: isStartRequest });
      const failed = await runBin(args, at.env);
      expect(failed.code, failed.stderr).toBe(11);
      // A reset after sending proves nothing: the CLI cannot know the handler never ran, so it says to check.
      const command = suggested(failed.stderr, 'operations reconcile');
      expect(command, failed.stderr).toBeDefined();
      const none = await runBin(command!, at.env);
      expect(none.code, none.stdout + none.stderr).toBe(16);
      expect(none.stdout).toContain('Nothing was started');
      expect(executions(sim)).toBe(before);

      const again = await runBin([...args, '--wait', '--json'], at.env);
      expect(again.code, again.stderr).toBe(0);
      expect(executions(sim) - before).toBe(1);
    },
  );

  /**
   * A request timeout the POST of the start outlives: the simulator executes the start, then answers only after
   * `slowMs` (fault `slow`: the handler runs first), while the GETs before it answer at once. The start's
   * request times out with the work done: the example, made deterministic.
   */
  const answerStartLate = (sim: VendorSimulator<ProviderConfig>) => {
    sim.server.setRandomFaults({ rate: 0, slowMs: 6_000 });
    sim.server.inject({ kind: 'slow', match: isStartRequest });
  };

  it("the issue's example: onapp backups create 104 --timeout-ms, the start's answer lost after it ran: unknown, the printed reconcile finds the backup and waits for it, one execution", async (context) => {
    if (!reconciles('onapp', 'backups.create')) return context.skip();
    const at = await open('onapp');
    const { sim } = at;
    const { provider } = at;
    await provider.sites.get('104'); // the site the issue names is in the simulated fleet
    const count = async () => (await collect(provider.backups.list('104'), { limit: 10_000 })).length;
    const backupsBefore = await count();
    const before = executions(sim);
    const duplicates = sim.server.stats().duplicateExecutions.length;

    answerStartLate(sim);
    const first = await runBin(['backups', 'create', '104', '--timeout-ms', '1500'], at.env);
    expect(first.code, first.stderr).toBe(12);
    expect(first.stderr).toContain('Error (TimeoutError)');
    expect(first.stderr).toContain('The backup may have started: onapp may have received the request');
    expect(first.stderr).toContain('Do not just run the command again');
    expect(executions(sim) - before).toBe(1); // the panel did the work: only its answer was lost

    const command = suggested(first.stderr, 'operations reconcile');
    expect(command, first.stderr).toBeDefined();
    expect(command).toContain('--wait');
    expect(command).not.toContain('--timeout-ms');
    const found = await runBin(command!, at.env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toMatch(/Found task \S+, matched by the idempotency key onapp kept/);
    expect(found.stderr).toMatch(/backup of 104 \(task \S+\): done/);
    expect(found.stdout).toContain('completed');

    expect(executions(sim) - before).toBe(1);
    expect(sim.server.stats().duplicateExecutions).toHaveLength(duplicates);
    expect(await count()).toBe(backupsBefore + 1);
  }, 120_000);

  it("the issue's example as written: onapp backups create 104 --timeout-ms 1, then doing what the CLI says, makes one backup", async (context) => {
    // With 1 ms, which request times out depends on the machine: the GET of the server before the start
    // (nothing was sent: not-started), or the start itself (unknown). Either way the CLI must say which, and
    // doing what it says must make exactly one backup.
    if (!reconciles('onapp', 'backups.create')) return context.skip();
    const at = await open('onapp');
    const { sim } = at;
    const { provider } = at;
    const count = async () => (await collect(provider.backups.list('104'), { limit: 10_000 })).length;
    const backupsBefore = await count();
    const before = executions(sim);

    const first = await runBin(['backups', 'create', '104', '--timeout-ms', '1'], at.env);
    if (first.code !== 0) {
      expect(first.code, first.stderr).toBe(12);
      const command = suggested(first.stderr, 'operations reconcile');
      if (command) {
        expect(first.stderr).toContain('The backup may have started');
        const found = await runBin(command, at.env);
        expect([0, 16], found.stdout + found.stderr).toContain(found.code);
        if (found.code === 16) expect((await runBin(['backups', 'create', '104'], at.env)).code).toBe(0);
      } else {
        expect(first.stderr, 'the CLI must say what to do').toContain('Nothing was started at onapp');
        expect(first.stderr).toContain('Each request may take at most 1 ms here');
        expect(first.stderr).toContain('give it longer before running the command again');
        expect(executions(sim)).toBe(before); // and it is true
        expect((await runBin(['backups', 'create', '104'], at.env)).code).toBe(0);
      }
    }
    expect(executions(sim) - before).toBe(1);
    // The backup may still be running: it is listed either way.
    expect(await count()).toBe(backupsBefore + 1);
  }, 120_000);

  it('cloud66 deploy --idempotency-key, the answer lost after it ran: the printed reconcile finds it exactly by the key and waits for it, one execution', async (context) => {
    if (!reconciles('cloud66', 'deploys.deploy')) return context.skip();
    const at = await open('cloud66');
    const { sim } = at;
    const args = await startArgs(at, 'deploys.deploy');
    const before = executions(sim);
    const duplicates = sim.server.stats().duplicateExecutions.length;
    const key = `release-2.4.0-${Date.now()}`;

    answerStartLate(sim);
    const first = await runBin([...args, '--idempotency-key', key, '--request-timeout-ms', '1500'], at.env);
    expect(first.code, first.stderr).toBe(12);
    expect(first.stderr).toContain('The deploy may have started: cloud66 may have received the request');
    expect(executions(sim) - before).toBe(1);
    const command = suggested(first.stderr, 'operations reconcile')!;
    expect(command, first.stderr).toBeDefined();
    const intent = JSON.parse(command[command.indexOf('reconcile') + 1]!) as { key: string; kind: string };
    expect(intent).toMatchObject({ key, kind: 'deploys.deploy' });

    // Without --wait, with --json: the match is exact (by the key Cloud 66 kept), and names the operation.
    const json = await runBin([...command.filter((word) => word !== '--wait'), '--json'], at.env);
    expect(json.code, json.stderr).toBe(0);
    const answer = parse<{ started: boolean; match: string; operation: { key: string; taskId: string } }>(json.stdout);
    expect(answer).toMatchObject({ started: true, match: 'exact', operation: { key } });

    // The command as printed finds it and waits for the deployment.
    const found = await runBin(command, at.env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toContain('matched by the idempotency key cloud66 kept');
    expect(found.stderr).toContain(`(task ${answer.operation.taskId}): done`);
    expect(executions(sim) - before).toBe(1);
    expect(sim.server.stats().duplicateExecutions).toHaveLength(duplicates);
  }, 120_000);

  it('onapp: Ctrl-C while the start is in flight (sent, not answered): the work may have started, and the printed reconcile finds it, one execution', async (context) => {
    if (!reconciles('onapp', 'backups.create')) return context.skip();
    const at = await open('onapp');
    const { sim } = at;
    const before = executions(sim);
    answerStartLate(sim);
    const child = startCli(['backups', 'create', '104', '--wait'], at.env);
    const done = finished(child);
    // Once the panel has executed the start (its answer is held back), press Ctrl-C.
    while (executions(sim) === before) {
      if (child.exitCode !== null) throw new Error(`the CLI ended first: ${(await done).stderr}`);
      await new Promise((resolvePoll) => setTimeout(resolvePoll, 20));
    }
    child.kill('SIGINT');
    const run = await done;
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('Interrupted (AbortError)');
    expect(run.stderr).toContain('The backup may have started');
    const command = suggested(run.stderr, 'operations reconcile');
    expect(command, run.stderr).toBeDefined();
    const found = await runBin([...command!, '--json'], at.env);
    expect(found.code, found.stderr).toBe(0);
    expect(parse<Backup>(found.stdout)).toMatchObject({ vendor: 'onapp', siteId: '104', state: 'completed' });
    expect(executions(sim) - before).toBe(1);
  }, 120_000);

  it('without a terminal, --wait writes the task id and its states on stderr; stdout holds the result alone', async () => {
    const at = await open('onapp');
    const site = await siteOf(at, 'prod');
    const run = await runBin(['backups', 'create', site, '--wait'], at.env);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trimEnd().split('\n');
    const taskId = /\(task ([^)\s]+)\)/.exec(lines[0] ?? '')?.[1];
    expect(taskId, run.stderr).toBeDefined();
    for (const line of lines) expect(line).toMatch(new RegExp(`^backup of ${site} \\(task ${taskId}\\): \\S`));
    expect(lines.at(-1)).toBe(`backup of ${site} (task ${taskId}): done`);
    expect(lines.length).toBeGreaterThanOrEqual(3); // the first state, at least one change, done
    expect(run.stdout).not.toContain(`task ${taskId}`);
    const json = await runBin(['--json', 'backups', 'create', site, '--wait'], at.env);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
    expect(parse<Backup>(json.stdout)).toMatchObject({ vendor: 'onapp', siteId: site, state: 'completed' });
  }, 120_000);

  it.for(HARNESSES.map(({ vendor }) => vendor))(
    '%s: Ctrl-C during backups create --wait names the task; the printed resume finishes it in a second process',
    { timeout: 120_000 },
    async (vendor, context) => {
      if (!CAPABILITIES.get(vendor)!.capabilities.backups.create) return context.skip();
      const at = await open(vendor);
      const { provider } = at;
      const site = await siteOf(at, 'prod');
      const child = startCli(['backups', 'create', site, '--wait'], at.env);
      const done = finished(child);
      // Without a terminal, the wait writes its task and state on stderr; interrupt once it has.
      const [, taskId] = await stderrMatch(child, /\(task ([^)\s]+)\): \S+/);
      child.kill('SIGINT');
      const run = await done;
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toContain('AbortError');
      expect(run.stderr).toContain(`Task ${taskId} goes on at ${vendor}`);
      expect(suggested(run.stderr, 'tasks wait')).toEqual(['tasks', 'wait', taskId]);

      const resume = suggested(run.stderr, 'operations resume');
      if (provider.capabilities.operations.reconcile['backups.create'] === 'none') {
        // The vendor package cannot give the operation as data yet: tasks wait is the way back.
        expect(resume).toBeUndefined();
        return;
      }
      expect(resume, run.stderr).toBeDefined();
      const resumed = await runBin([...resume!, '--json'], at.env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(parse<Backup>(resumed.stdout)).toMatchObject({ vendor, siteId: site, state: 'completed' });
    },
  );

  it.for(HARNESSES.map(({ vendor }) => vendor))(
    '%s: Ctrl-C during deploy --wait names the task; the printed resume finishes the deployment in a second process',
    { timeout: 120_000 },
    async (vendor, context) => {
      if (!reconciles(vendor, 'deploys.deploy')) return context.skip();
      const at = await open(vendor);
      const { provider } = at;
      const args = await startArgs(at, 'deploys.deploy');
      const child = startCli([...args, '--wait'], at.env);
      const done = finished(child);
      const [, taskId] = await stderrMatch(child, /\(task ([^)\s]+)\): \S+/);
      child.kill('SIGINT');
      const run = await done;
      expect(run.code, run.stderr).toBe(130);
      expect(run.stderr).toContain(`Task ${taskId} goes on at ${vendor}`);
      const resume = suggested(run.stderr, 'operations resume');
      expect(resume, run.stderr).toBeDefined();
      const resumed = await runBin([...resume!, '--json'], at.env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(parse<{ vendor: string; siteId: string; state: string }>(resumed.stdout)).toMatchObject({
        vendor,
        siteId: args[1],
        state: 'succeeded',
      });
      expect(provider.vendor).toBe(vendor);
    },
  );
});
