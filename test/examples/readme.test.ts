import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  it('shows the example that test/examples/one-script.ts typechecks', () => {
    const readme = readFileSync(join(here, '../../README.md'), 'utf8');
    const shown = /## One script, any vendor\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const checked = readFileSync(join(here, 'one-script.ts'), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
    expect(shown).toBe(checked);
  });

  it('opens with a Quick start of exactly two command lines', () => {
    const readme = readFileSync(join(here, '../../README.md'), 'utf8');
    const block = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(block.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
  });
});
