/**
 * One vendor simulator in its own process (the fleet tests keep simulators out of the workers' and the test's
 * processes). Prints `{ url, config }` as one JSON line, then answers one JSON line per command line on stdin:
 * `stats`, `reset`, `fail <count> <kind>`, `inject <json fault>`, `close`.
 *
 *   node --conditions=source --import tsx sim-child.ts <vendor> '<options json>'
 */
import { createInterface } from 'node:readline';
import type { VendorId } from '@omnihost/core';
import { startSimulator } from './simulators.js';

const [vendor = '', json = '{}'] = process.argv.slice(2);
const sim = await startSimulator(vendor as VendorId, JSON.parse(json));
process.stdout.write(`${JSON.stringify({ url: sim.url, config: sim.config })}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [command, ...rest] = line.trim().split(' ');
  if (command === 'stats') process.stdout.write(`${JSON.stringify(sim.server.stats())}\n`);
  else if (command === 'reset') {
    sim.server.resetStats();
    process.stdout.write('{}\n');
  } else if (command === 'fail') {
    sim.failNextTasks(Number(rest[0]), (rest[1] ?? 'any') as 'backup' | 'deploy' | 'any');
    process.stdout.write('{}\n');
  } else if (command === 'inject') {
    sim.server.inject(JSON.parse(rest.join(' ')));
    process.stdout.write('{}\n');
  } else if (command === 'close') break;
}
await sim.close();
process.exit(0);
