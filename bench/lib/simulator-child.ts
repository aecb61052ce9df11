/**
 * Runs one vendor simulator in its own process and prints its config as one JSON line, so a benchmark can
 * measure the client's memory without the simulator's fleet in the same heap. Stops when stdin closes.
 *
 *   node --import tsx bench/lib/simulator-child.ts <vendor> <siteCount>
 */
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

const STARTERS: Record<string, () => Promise<(options: CommonSimulatorOptions) => Promise<VendorSimulator<unknown>>>> =
  {
    acquia: async () => (await import('@omnihost/acquia/testing')).startAcquiaSimulator as never,
    sitefactory: async () => (await import('@omnihost/sitefactory/testing')).startSiteFactorySimulator as never,
    cloud66: async () => (await import('@omnihost/cloud66/testing')).startCloud66Simulator as never,
    onapp: async () => (await import('@omnihost/onapp/testing')).startOnAppSimulator as never,
  };

const [vendor = '', count = '100'] = process.argv.slice(2);
const load = STARTERS[vendor];
if (!load) throw new Error(`unknown vendor ${vendor}`);
const start = await load();
const sim = await start({ siteCount: Number(count), rateLimit: false, seed: 1 });
process.stdout.write(`${JSON.stringify({ url: sim.url, config: sim.config })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void sim.close().then(() => process.exit(0));
});
