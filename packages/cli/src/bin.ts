#!/usr/bin/env node
import { runCli } from './program.js';

// The first Ctrl-C aborts what is running (a wait ends with AbortError, a simulator shuts down); a second
// one exits at once, as people expect when something does not stop.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.once('SIGTERM', () => interrupt.abort());

// `omnihost sites list | head -1`: the reader left, which is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
}).then((code) => {
  // Exit explicitly: keep-alive sockets and rate-limiter timers must not hold a finished command open.
  // Writing an empty chunk first lets buffered output reach the terminal or pipe.
  process.stdout.write('', () => process.exit(code));
});
