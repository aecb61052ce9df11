/**
 * `npm run demo`: `omnihost demo` run from source (tsx and the `source` export condition), so a fresh
 * clone needs `npm ci` and nothing else — no build, no credentials, no network.
 */
import { runCli } from '@omnihost/cli';

const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

const code = await runCli(['demo', ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
// Exit explicitly once output is flushed: idle keep-alive sockets must not hold the demo open.
process.stdout.write('', () => process.exit(code));
