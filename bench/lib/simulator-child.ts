/**
 * Runs one vendor simulator in its own process and prints its config as one JSON line, so a benchmark can
 * measure the client's memory without the simulator's fleet in the same heap. A `stats` line on stdin is
 * answered with the server's counters as one JSON line (and resets them). Stops when stdin closes.
 *
 *   node --import tsx bench/lib/simulator-child.ts <vendor> <siteCount>
 */
import { createInterface } from 'node:readline';
import { startSimulator } from '@omnihost/cli';
import { VENDOR_IDS, type VendorId } from '@omnihost/core';

const [vendor = '', count = '100'] = process.argv.slice(2);
if (!(VENDOR_IDS as readonly string[]).includes(vendor)) throw new Error(`unknown vendor ${vendor}`);
const sim = await startSimulator(vendor as VendorId, { siteCount: Number(count), rateLimit: false, seed: 1 });
process.stdout.write(`${JSON.stringify({ url: sim.url, config: sim.config })}\n`);
const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() !== 'stats') return;
  process.stdout.write(`${JSON.stringify(sim.server.stats())}\n`);
  sim.server.resetStats();
});
commands.on('close', () => {
  void sim.close().then(() => process.exit(0));
});
