/**
 * The README's CLI lines, run the way a new user runs them: in a fresh clone (issue 14). `npm ci` must link
 * `omnihost`, so that `npx omnihost` runs this repository's command and never asks the registry for the
 * unscoped name; before a build it says to build; after it, every `npx omnihost` line of the README's CLI
 * section works against the simulator the section starts.
 *
 * Kept lean because it joins `npm test`: the clone is local (hard links), `npm ci` installs from the npm
 * cache (`--prefer-offline`) and leaves out the dev tools and install scripts (`--omit=dev
 * --ignore-scripts`: bin links do not depend on either), and instead of a second two-minute build the clone
 * gets the dist/ folders `npm test` has just built from the same sources. The clone is of the last commit:
 * uncommitted changes are not in it, as they would not be in anyone's clone.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { cp, lstat, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN_BUILT, type CliRun, finished } from './spawn-cli.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const PACKAGES = ['core', 'acquia', 'sitefactory', 'cloud66', 'onapp', 'fleet', 'cli'];
const isCheckout = spawnSync('git', ['-C', root, 'rev-parse', 'HEAD'], { stdio: 'ignore' }).status === 0;

/**
 * The environment of npm in the clone: the user's, without the variables the `npm test` around this test
 * set for itself (`npm_*`, except where the cache and config are), without any OMNIHOST_* setting, and
 * without the `node_modules/.bin` folders `npm test` put on PATH: npx must find `omnihost` in the clone, not
 * in the repository the tests run from.
 */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('OMNIHOST_') || (name.toLowerCase().startsWith('npm_') && !keep.has(name))) continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !/node_modules[\\/]\.bin[\\/]?$/.test(entry))
    .join(delimiter);
  return { ...env, ...extra };
}

/**
 * `npx` as the README writes it, offline and with a registry that refuses every connection: were
 * `omnihost` not linked, npx would fail to fetch instead of running someone else's package.
 */
const NO_REGISTRY = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true' };

function npx(clone: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn('npx', ['omnihost', ...args], {
    cwd: clone,
    env: npmEnv({ ...NO_REGISTRY, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that Ctrl-C reaches the command under npx, as in a terminal.
    detached: true,
  });
}

/** The `sh` block of the README's CLI section, line by line, comments removed. */
async function readmeCliLines(): Promise<string[]> {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const block = /## The CLI\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** `export NAME=value` lines as `simulate` prints them (values single-quoted where the shell needs it). */
function exportsOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/^ {2}export (OMNIHOST_\w+)=(.*)$/gm)) {
    env[name!] = value!.startsWith("'") ? value!.slice(1, -1).replaceAll("'\\''", "'") : value!;
  }
  return env;
}

describe.skipIf(!isCheckout)('a fresh clone', () => {
  let dir: string;
  let clone: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'omnihost-clone-'));
    clone = join(dir, 'omnihost');
    await run('git', ['clone', '--quiet', root, clone]);
    await run('npm', ['ci', '--prefer-offline', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: clone,
      env: npmEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('npm ci links omnihost to the committed stub; before a build it says to build, and never asks the registry', async () => {
    const link = join(clone, 'node_modules/.bin/omnihost');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toMatch(/@omnihost\/cli\/bin\/omnihost\.js$/);
    const before = await finished(npx(clone, ['--help']));
    expect(before.code).toBe(1);
    expect(before.stdout).toBe('');
    expect(before.stderr).toContain('the command is not built yet');
    expect(before.stderr).toContain('npm run build');
  }, 60_000);

  it.skipIf(!BIN_BUILT)(
    "the README's CLI lines work in it, once built",
    async () => {
      for (const name of PACKAGES) {
        await cp(join(root, 'packages', name, 'dist'), join(clone, 'packages', name, 'dist'), { recursive: true });
      }
      const lines = await readmeCliLines();
      expect(lines[0]).toBe('npm ci && npm run build');
      const commands = lines.slice(1);
      expect(commands.every((line) => line.startsWith('npx omnihost '))).toBe(true);
      const simulate = commands.find((line) => line.includes(' simulate '));
      expect(simulate, 'the CLI section starts a simulator').toBeDefined();

      // The simulator line, on a free port (8080 may be taken where the tests run).
      const args = (line: string) => line.replace(/^npx omnihost /, '').split(/\s+/);
      const server = npx(clone, args(simulate!.replace('--port 8080', '--port 0')));
      const serverDone = finished(server);
      try {
        let printed = '';
        server.stdout?.on('data', (chunk: Buffer) => {
          printed += chunk.toString('utf8');
        });
        while (!/^ {2}omnihost sites list$/m.test(printed)) {
          if (server.exitCode !== null) throw new Error(`simulate ended: ${(await serverDone).stderr}`);
          await new Promise((resolvePoll) => setTimeout(resolvePoll, 50));
        }
        const env = exportsOf(printed);
        expect(env.OMNIHOST_VENDOR).toBe('onapp');
        const omnihost = (line: string) => finished(npx(clone, args(line), env));

        // Ids for the placeholders, from the linked binary directly (quicker than npx; not README lines).
        const direct = (...argv: string[]) =>
          finished(spawn(process.execPath, [join(clone, 'node_modules/.bin/omnihost'), ...argv], { env: npmEnv(env) }));
        const listed = await direct('sites', 'list', '--json');
        expect(listed.code, listed.stderr).toBe(0);
        const sites = JSON.parse(listed.stdout) as { id: string; environment: string }[];
        const staging = sites.find((site) => site.environment === 'staging')!;
        const prod = sites.find((site) => site.environment === 'prod')!;
        const started = await direct('backups', 'create', staging.id, '--json');
        expect(started.code, started.stderr).toBe(0);
        const task = JSON.parse(started.stdout) as { id: string };
        // A start whose answer was lost, as `--json` reports it (error.json, the README line's input): the
        // backup was made (the start ran), the caller only has the intent.
        const other = sites.find((site) => site.environment === 'other') ?? prod;
        const startedAt = new Date().toISOString();
        const lost = await direct('backups', 'create', other.id, '--idempotency-key', 'readme-lost-answer', '--json');
        expect(lost.code, lost.stderr).toBe(0);
        const intent = {
          vendor: 'onapp',
          kind: 'backups.create',
          key: 'readme-lost-answer',
          startedAt,
          siteId: other.id,
        };
        const report = {
          name: 'TimeoutError',
          message: 'onapp disks.createBackup timed out',
          outcome: 'unknown',
          intent,
        };
        await writeFile(join(clone, 'error.json'), `${JSON.stringify({ error: report, exitCode: 12 })}\n`);

        /** What each README line must do, and on which site; a line the README gains must be added here. */
        const expected: Record<string, { site?: string; check: (result: CliRun) => void }> = {
          'npx omnihost sites list': {
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              expect(result.stdout).toContain(`│ ${prod.id} `);
            },
          },
          'npx omnihost sites list --jsonl': {
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              const lines = result.stdout.trimEnd().split('\n');
              expect(lines.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(
                sites.map((site) => site.id),
              );
            },
          },
          'npx omnihost backups create <site> --wait': {
            site: prod.id,
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              expect(result.stdout).toMatch(/│ state +│ completed/);
            },
          },
          'npx omnihost deploy <site> --ref tags/2.4.0 --wait --yes': {
            site: staging.id,
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              expect(result.stdout).toMatch(/│ state +│ succeeded/);
            },
          },
          // OnApp keeps no deploy history: the README's comment says which vendor does.
          'npx omnihost deploys list <site>': {
            site: prod.id,
            check: (result) => {
              expect(result.code).toBe(14);
              expect(result.stderr).toContain('UnsupportedOperationError');
            },
          },
          'npx omnihost operations reconcile --intent-file error.json --wait': {
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              expect(result.stderr).toContain('matched by the idempotency key onapp kept');
              expect(result.stdout).toMatch(new RegExp(`│ siteId +│ ${other.id} `));
              expect(result.stdout).toMatch(/│ state +│ completed/);
            },
          },
          'npx omnihost tasks wait <task-id>': {
            check: (result) => {
              expect(result.code, result.stderr).toBe(0);
              expect(result.stdout).toMatch(/│ state +│ succeeded/);
            },
          },
        };
        const lines = commands.filter((command) => command !== simulate);
        expect(
          lines.filter((line) => !expected[line]),
          'README lines this test does not cover',
        ).toEqual([]);
        // All at once: they touch different sites, and each mostly waits (on npx starting, or on a task).
        const results = await Promise.all(
          lines.map((line) =>
            omnihost(line.replaceAll('<site>', expected[line]?.site ?? '').replaceAll('<task-id>', task.id)),
          ),
        );
        lines.forEach((line, index) => {
          expected[line]!.check(results[index]!);
        });
      } finally {
        if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGINT');
      }
      // Ctrl-C reaches npx too, which ends by the signal, as it does in a terminal; the simulator stops cleanly.
      const stopped = await serverDone;
      expect(stopped.code === 0 || stopped.signal === 'SIGINT', stopped.stderr).toBe(true);
      expect(stopped.stderr).toBe('onapp simulator stopped.\n');
    },
    120_000,
  );
});
