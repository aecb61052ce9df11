/**
 * Where the workplace's reference material lives (vendor specs and real payloads): `../shared` next to
 * the repository, or `OMNIHOST_SHARED_DIR`. It is test data, not part of the product, so a clone without
 * it must still pass: suites that read it use {@link describeWithShared}, which skips them with a message
 * saying why instead of failing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The reference folder, or `undefined` when this checkout has none. */
export const SHARED_DIR: string | undefined = (() => {
  const candidate = process.env.OMNIHOST_SHARED_DIR ?? resolve(repositoryRoot, '../shared');
  return existsSync(join(candidate, 'specs')) ? candidate : undefined;
})();

/** An absolute path inside the reference folder (where it would be, when it is absent). */
export function sharedPath(...segments: string[]): string {
  return join(SHARED_DIR ?? resolve(repositoryRoot, '../shared'), ...segments);
}

/**
 * `describe` for suites that need the reference folder. When it is absent the suite's body is not run at all
 * (it may list the folder to build its tests); one skipped test stands in for it, named with the reason, and
 * a console message names the folder that was looked for.
 */
export function describeWithShared(name: string, body: () => void): void {
  if (SHARED_DIR) {
    describe(name, body);
    return;
  }
  const reason = `the reference folder ${resolve(repositoryRoot, '../shared')} is absent (set OMNIHOST_SHARED_DIR to run it)`;
  console.warn(`[skipped] "${name}": ${reason}.`);
  describe(name, () => {
    it.skipIf(true)(`skipped: ${reason}`, () => undefined);
  });
}
