/**
 * The CLI run in-process through `runCli` with fake streams: what a spawned binary cannot show cheaply
 * (help on every command, colour on a TTY and NO_COLOR) and the exit-code table itself.
 */
import { type CliIo, createProgram, EXIT_CODES, exitCodeFor, GENERAL_EXIT_CODES, runCli } from '@omnihost/cli';
import { ERROR_CLASSES, NotFoundError, TaskFailedError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';
import { envForConfig } from './spawn-cli.js';

/** A stream that records what was written, and claims to be a TTY or not. */
function recorder(isTTY: boolean) {
  let text = '';
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

function io(env: Record<string, string>, isTTY = false): CliIo & { out: () => string; err: () => string } {
  const stdout = recorder(isTTY);
  const stderr = recorder(false);
  return { stdout, stderr, env, out: stdout.text, err: stderr.text };
}

/** Every command path of the program, e.g. ['backups', 'download-url']. */
type Program = ReturnType<typeof createProgram>;

function commandPaths(command: Program, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

describe('exit codes', () => {
  it('every error class has its own code, distinct from each other and from the general ones', () => {
    expect(Object.keys(EXIT_CODES).sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
    const codes = Object.values(EXIT_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    const general = [GENERAL_EXIT_CODES.ok, GENERAL_EXIT_CODES.unexpected, GENERAL_EXIT_CODES.usage];
    for (const code of codes) expect(general).not.toContain(code);
  });

  it('maps errors by class and anything else to unexpected', () => {
    expect(exitCodeFor(new NotFoundError('gone'))).toBe(EXIT_CODES.NotFoundError);
    const task = { vendor: 'onapp', id: '7', state: 'failed', rawStatus: 'failed', raw: {} } as const;
    expect(exitCodeFor(new TaskFailedError(task))).toBe(EXIT_CODES.TaskFailedError);
    expect(exitCodeFor(new Error('bug'))).toBe(GENERAL_EXIT_CODES.unexpected);
  });
});

describe('help', () => {
  it('every command has --help, exiting 0', async () => {
    const paths = commandPaths(createProgram(io({})));
    expect(paths.length).toBeGreaterThanOrEqual(15);
    for (const path of paths) {
      const run = io({});
      expect(await runCli([...path, '--help'], run), path.join(' ')).toBe(0);
      expect(run.out()).toContain(`Usage: omnihost ${path.join(' ')}`);
    }
  });
});

describe('colour', () => {
  let sim: Awaited<ReturnType<(typeof HARNESSES)[number]['start']>>;
  beforeAll(async () => {
    sim = await HARNESSES.find((h) => h.vendor === 'cloud66')!.start({ seed: 5 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('tables are coloured on a TTY, and not with NO_COLOR, --no-color or when piped', async () => {
    const env = envForConfig(sim.config);
    const tty = io(env, true);
    expect(await runCli(['sites', 'list'], tty)).toBe(0);
    expect(tty.out()).toContain('\u001b[');
    for (const [run, args] of [
      [io({ ...env, NO_COLOR: '1' }, true), ['sites', 'list']],
      [io(env, true), ['sites', 'list', '--no-color']],
      [io(env, false), ['sites', 'list']],
    ] as const) {
      expect(await runCli(args, run)).toBe(0);
      expect(run.out()).toContain('│');
      expect(run.out()).not.toContain('\u001b[');
    }
  });
});

describe('deploys list', () => {
  const sims: Partial<Record<string, Awaited<ReturnType<(typeof HARNESSES)[number]['start']>>>> = {};
  /** Starts the vendor's simulator; returns its env and the first site `omnihost sites list` prints. */
  const start = async (vendor: string) => {
    sims[vendor] = await HARNESSES.find((h) => h.vendor === vendor)!.start({ seed: 7 });
    const env = envForConfig(sims[vendor]!.config);
    const listed = io(env);
    expect(await runCli(['--json', 'sites', 'list'], listed)).toBe(0);
    const [site] = JSON.parse(listed.out()) as { id: string }[];
    return { env, site: site! };
  };
  afterAll(async () => {
    await Promise.all(Object.values(sims).map((sim) => sim?.close()));
  });

  it('prints a Cloud 66 stack’s deploy history, newest first, as JSON and as a table', async () => {
    const { env, site } = await start('cloud66');
    const run = io(env);
    expect(await runCli(['--json', 'deploys', 'list', site.id, '--limit', '5'], run), run.err()).toBe(0);
    const deploys = JSON.parse(run.out()) as { vendor: string; siteId: string; state: string; startedAt?: string }[];
    expect(deploys.length).toBeGreaterThan(0);
    expect(deploys.length).toBeLessThanOrEqual(5);
    for (const deploy of deploys) expect(deploy).toMatchObject({ vendor: 'cloud66', siteId: site.id });
    const started = deploys.flatMap((deploy) => (deploy.startedAt ? [Date.parse(deploy.startedAt)] : []));
    expect(started).toEqual([...started].sort((a, b) => b - a));

    const table = io(env);
    expect(await runCli(['deploys', 'list', site.id], table)).toBe(0);
    expect(table.out()).toMatch(/│ id\s+│ ref\s+│ state/);
  });

  it('exits with UnsupportedOperationError’s code where the vendor keeps no history', async () => {
    const { env, site } = await start('acquia');
    const run = io(env);
    expect(await runCli(['deploys', 'list', site.id], run)).toBe(EXIT_CODES.UnsupportedOperationError);
    expect(run.err()).toContain('no deploy history');
  });
});

describe('timeouts: the wait deadline and the request timeout cannot be confused', () => {
  it('help names --wait-timeout and --request-timeout-ms, and hides the old spellings', async () => {
    // The request timeout is a connection flag: the top-level help lists it, once (issue 14).
    const run = io({});
    expect(await runCli(['deploy', '--help'], run)).toBe(0);
    expect(run.out()).toContain('--wait-timeout <seconds>');
    const top = io({});
    expect(await runCli(['--help'], top)).toBe(0);
    expect(top.out()).toContain('--request-timeout-ms <ms>');
    for (const text of [run.out(), top.out()]) {
      expect(text).not.toMatch(/--timeout[ <]/);
      expect(text).not.toContain('--timeout-ms');
    }
  });

  it('the old spellings still work: --timeout-ms sets the request timeout, --timeout the wait deadline', async () => {
    const { resolveConfig } = await import('@omnihost/cli');
    const env = { OMNIHOST_VENDOR: 'cloud66', OMNIHOST_TOKEN: 'abc-token' };
    expect(resolveConfig({ timeoutMs: '1500' }, env)).toMatchObject({ timeoutMs: 1500 });
    expect(resolveConfig({ requestTimeoutMs: '2500' }, env)).toMatchObject({ timeoutMs: 2500 });
    const program = createProgram(io({}));
    const deploy = program.commands.find((command) => command.name() === 'deploy');
    deploy?.parseOptions(['--timeout', '7']);
    expect(deploy?.opts()).toMatchObject({ timeout: 7, waitTimeout: 1800 });
  });

  it('--database is refused for a vendor that has no database choice', async () => {
    const env = { OMNIHOST_VENDOR: 'cloud66', OMNIHOST_TOKEN: 'abc-token' };
    const run = io(env);
    expect(await runCli(['backups', 'list', 'stack-1', '--database', 'db', '--json'], run)).toBe(
      EXIT_CODES.ValidationError,
    );
    expect(run.err()).toContain('--database applies to Acquia only');
  });
});
