/**
 * Help as a new user reads it (issue 14): the connection flags are listed once, in their own group of the
 * top-level help, and nowhere else; commands that call no vendor (`simulate`, `demo`) do not mention them;
 * every help, `backups --help` included, is wrapped to an 80-column terminal.
 */
import { type CliIo, createProgram, runCli } from '@omnihost/cli';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../packages/cli/src/output/layout.js';
import { testIo } from './in-process-io.js';

type Program = ReturnType<typeof createProgram>;

function commandPaths(command: Program, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

const quiet: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };
const PATHS = [[], ...commandPaths(createProgram(quiet))];

async function help(path: readonly string[], options: { tty?: boolean; columns?: number } = {}): Promise<string> {
  const io = testIo({}, options);
  expect(await runCli([...path, '--help'], io), path.join(' ')).toBe(0);
  return io.out();
}

describe('help', () => {
  it('every help fits an 80-column terminal, and 80 columns when piped', async () => {
    for (const path of PATHS) {
      for (const options of [{}, { tty: true, columns: 80 }]) {
        const long = (await help(path, options)).split('\n').filter((line) => displayWidth(line) > 80);
        expect(long, `omnihost ${path.join(' ')} --help`).toEqual([]);
      }
    }
    // Commander stopped wrapping `backups --help` when its first column grew past half the width.
    const backups = await help(['backups']);
    expect(backups).toMatch(/^ {2}download-url <site> <backup> +print a pre-signed URL/m);
  });

  it('lists the connection flags once, in their own group of the top-level help', async () => {
    const top = await help([]);
    const group = top.slice(top.indexOf('Connection ('), top.indexOf('Commands:'));
    for (const flag of ['--vendor <vendor>', '--client-secret', '--base-url', '--request-timeout-ms <ms>', '--token']) {
      expect(group).toContain(flag);
    }
    for (const path of PATHS.slice(1)) {
      const text = await help(path);
      expect(text, path.join(' ')).not.toContain('--client-secret');
      expect(text, path.join(' ')).not.toContain('--base-url');
      expect(text, path.join(' ')).not.toContain('--vendor');
      // `fleet` reaches vendors through its accounts file, never through the connection flags (issue 16).
      const local = path[0] === 'simulate' || path[0] === 'demo' || path[0] === 'help' || path[0] === 'fleet';
      // Where the command needs a vendor, its help says where the connection flags are; elsewhere, nothing.
      expect(text.includes('OMNIHOST_*'), path.join(' ')).toBe(!local);
      expect(text.includes('--raw'), path.join(' ')).toBe(!local);
      expect(text, path.join(' ')).toContain('--json');
      // A command that reads a vendor's connection also takes a named account instead (issue 16).
      expect(text.includes('--account <name>'), path.join(' ')).toBe(!local);
    }
  });

  it('wraps to the terminal, up to 100 columns', async () => {
    const wide = await help(['deploy'], { tty: true, columns: 200 });
    expect(Math.max(...wide.split('\n').map(displayWidth))).toBeLessThanOrEqual(100);
    const narrow = await help(['deploy'], { tty: true, columns: 60 });
    const commanderLines = narrow.slice(0, narrow.indexOf('\n\nSite Factory')).split('\n');
    expect(Math.max(...commanderLines.map(displayWidth))).toBeLessThanOrEqual(60);
  });
});
