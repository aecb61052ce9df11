#!/usr/bin/env node
// The `omnihost-fleet` command as npm links it. Committed, unlike dist/, so that `npm ci` in a fresh clone links
// the binary (npm links "bin" at install time, before any build, and skips a file that does not exist yet):
// without the link, `npx omnihost-fleet` would ask the public registry for that unscoped name (as issue 14 found
// for `omnihost`). Installed from npm, dist/ is always there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write(
    'omnihost-fleet: the command is not built yet (packages/fleet/dist is missing).\n' +
      'Run `npm run build` at the root of the repository (`npm test` builds too), then run it again.\n',
  );
  process.exit(1);
}
await import(built.href);
