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
