#!/usr/bin/env node
/**
 * `omnihost-fleet`: the fleet commands on their own (`omnihost fleet ...` is the same command inside the
 * omnihost CLI). Ctrl-C or SIGTERM lets a worker finish the jobs in hand and stop.
 */
import { runFleetCli } from './cli/command.js';

const controller = new AbortController();
let signals = 0;
for (const name of ['SIGINT', 'SIGTERM'] as const) {
  process.on(name, () => {
    signals += 1;
    // A second Ctrl-C does not wait for the jobs in hand.
    if (signals > 1) process.exit(130);
    controller.abort();
  });
}
// No top-level await: tsup also builds this entry as CommonJS, which has none.
void runFleetCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
}).then((code) => process.exit(code));
