import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDOR_IDS } from '@omnihost/core';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');

/** The code of a README section's first ```ts block. */
function shownExample(readme: string, heading: string): string | undefined {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`## ${escaped}\\n\\n\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
}

/** An example file without its leading doc comment (which says why the file exists). */
function checkedExample(file: string): string {
  return readFileSync(join(here, file), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
}

describe('README', () => {
  it('shows the example that test/examples/one-script.ts typechecks', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(shownExample(readme, 'One script, any vendor')).toBe(checkedExample('one-script.ts'));
  });

  it('opens with a Quick start of exactly two command lines', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });
});

// Each library package's README (its npm page) shows an example that the typecheck compiles: the README's
// `## Example` block is test/examples/<package>-readme.ts, which `npm run typecheck` covers.
describe.each(['core', ...VENDOR_IDS])('@omnihost/%s README', (name) => {
  it(`shows the example that test/examples/${name}-readme.ts typechecks`, () => {
    const readme = readFileSync(join(root, 'packages', name, 'README.md'), 'utf8');
    expect(readme.startsWith(`# @omnihost/${name}`)).toBe(true);
    expect(shownExample(readme, 'Example')).toBe(checkedExample(`${name}-readme.ts`));
  });
});

describe('@omnihost/core README, testing', () => {
  // A complete vitest file: the typecheck compiles it and vitest runs it, so the README's test passes.
  it('shows the test that test/examples/core-testing-readme.test.ts runs', () => {
    const readme = readFileSync(join(root, 'packages/core/README.md'), 'utf8');
    expect(shownExample(readme, 'Testing your automation')).toBe(checkedExample('core-testing-readme.test.ts'));
  });
});

describe('@omnihost/cli README', () => {
  it('names every command the program has', async () => {
    const { createProgram } = await import('@omnihost/cli');
    const quiet = { write: () => true };
    const program = createProgram({ stdout: quiet, stderr: quiet, env: {} });
    const readme = readFileSync(join(root, 'packages/cli/README.md'), 'utf8');
    const paths = program.commands.flatMap((command) =>
      command.commands.length > 0 ? command.commands.map((sub) => `${command.name()} ${sub.name()}`) : [command.name()],
    );
    // In code, as `sites get <site>` in the command table or `omnihost sites get` in an example.
    const shown = (path: string) => new RegExp(`\`(omnihost )?${path}( |\`)`).test(readme);
    expect(paths.filter((path) => !shown(path))).toEqual([]);
  });
});
