/**
 * Where the workplace's reference material lives (vendor specs and real payloads): `../shared` next to
 * the repository, or `OMNIHOST_SHARED_DIR`. It is test data, not part of the product, so a clone without
 * it must still pass: suites that read it use {@link describeWithShared}, which skips them with a message
 * saying why instead of failing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The reference folder, or `undefined` when this checkout has none. */
export const SHARED_DIR: string | undefined = (() => {
  const candidate = process.env.OMNIHOST_SHARED_DIR ?? resolve(repositoryRoot, '../shared');
  return existsSync(join(candidate, 'specs')) ? candidate : undefined;
})();

/** An absolute path inside the reference folder (only call it inside {@link describeWithShared}). */
export function sharedPath(...segments: string[]): string {
  if (!SHARED_DIR) throw new Error('the shared reference folder is not available');
  return join(SHARED_DIR, ...segments);
}

const warned = new Set<string>();

/**
 * `describe` for suites that need the reference folder: skipped, with a console message naming the
 * folder that was looked for, when it is absent.
 */
export function describeWithShared(name: string, body: () => void): void {
  if (!SHARED_DIR && !warned.has(name)) {
    warned.add(name);
    console.warn(
      `[skipped] "${name}": the reference folder ${resolve(repositoryRoot, '../shared')} is absent ` +
        '(set OMNIHOST_SHARED_DIR to run it).',
    );
  }
  describe.skipIf(!SHARED_DIR)(name, body);
}
