#!/usr/bin/env node
// The `omnihost` command as npm links it. This file is committed, unlike dist/, so that `npm ci` in a fresh
// clone links the binary: npm links "bin" at install time, before any build, and skips a file that does not
// exist yet. Without the link, `npx omnihost` asked the public registry for the unscoped name `omnihost`,
// someone else's package if it is ever published (issue 14). Installed from npm, dist/ is always there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write(
    'omnihost: the command is not built yet (packages/cli/dist is missing).\n' +
      'Run `npm run build` at the root of the repository (`npm test` builds too), then run it again.\n',
  );
  process.exit(1);
}
await import(built.href);
