/**
 * `call-overhead`: one `sites.list` page of 100 Site Factory sites through the full omnihost client (Basic
 * auth, client-side limiter, retry stage, zod validation, mapping to `Site`) ÷ a plain axios GET of the same
 * URL with the same header plus `JSON.parse`, against the same loopback simulator. Both sides run the same
 * number of sequential calls per round, interleaved over rounds; the median of per-round ratios is
 * reported. Target ≤ 1.10.
 *
 * `call-overhead-raw` is the same page through the typed client (`provider.raw.call('get_Sites_getSites')`,
 * the generated schema instead of the vocabulary's, no mapping): what a caller of the rest of the API pays.
 */
import { createProvider, type Provider } from '@omnihost/core';
import type { SiteFactoryProvider } from '@omnihost/sitefactory';
import { startSiteFactorySimulator } from '@omnihost/sitefactory/testing';
import axios from 'axios';
import { interleavedRatio, timeIt } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';

const CALLS_PER_ROUND = 100;
const ROUNDS = 15;
const PAGE = 100;

const bench: Benchmark = {
  name: 'call-overhead',
  async run() {
    const sim = await startSiteFactorySimulator({ siteCount: PAGE * 3, rateLimit: false, seed: 5 });
    try {
      // The limiter stays in the pipeline, with a budget the run never reaches.
      const provider = (await createProvider({
        ...sim.config,
        rateLimit: { limit: 1_000_000, windowMs: 60_000 },
      })) as Provider;
      const url = `${sim.url}/api/v1/sites?page=1&limit=${PAGE}`;
      const authorization = `Basic ${Buffer.from(`${sim.config.username}:${sim.config.apiKey}`).toString('base64')}`;
      const plain = axios.create({ responseType: 'text', transformResponse: (data: unknown) => data });

      const omnihostPage = async () => {
        for await (const page of provider.sites.list({ pageSize: PAGE }).pages()) return page;
        return [];
      };
      const rawPage = async () =>
        (
          await (provider as SiteFactoryProvider).raw.call('get_Sites_getSites', {
            query: { page: 1, limit: PAGE },
          })
        ).sites ?? [];
      const plainPage = async () => {
        const response = await plain.get<string>(url, {
          headers: { Authorization: authorization, Accept: 'application/json' },
        });
        return JSON.parse(response.data) as { sites: unknown[] };
      };

      // Same items on both sides, or the ratio means nothing.
      const [ours, raw, theirs] = [await omnihostPage(), await rawPage(), await plainPage()];
      if (ours.length !== PAGE || raw.length !== PAGE || theirs.sites.length !== PAGE) {
        throw new Error(
          `expected ${PAGE} sites on every side, got ${ours.length}, ${raw.length} and ${theirs.sites.length}`,
        );
      }
      // warm-up (JIT, sockets)
      for (let i = 0; i < 50; i += 1) await Promise.all([omnihostPage(), rawPage(), plainPage()]);

      const many = (fn: () => Promise<unknown>) => () =>
        timeIt(async () => {
          for (let i = 0; i < CALLS_PER_ROUND; i += 1) await fn();
        });
      const { ratio, baselineMs, candidateMs } = await interleavedRatio(ROUNDS, many(plainPage), many(omnihostPage));
      const rawRun = await interleavedRatio(ROUNDS, many(plainPage), many(rawPage));
      return [
        {
          name: 'call-overhead',
          value: ratio,
          unit: 'ratio',
          baseline: `axios GET + JSON.parse: ${((baselineMs / CALLS_PER_ROUND) * 1000).toFixed(0)} µs/call`,
          notes:
            `omnihost ${((candidateMs / CALLS_PER_ROUND) * 1000).toFixed(0)} µs/call; median of ${ROUNDS} rounds × ` +
            `${CALLS_PER_ROUND} sequential calls, Site Factory simulator on loopback; target ≤ 1.10`,
          met: ratio <= 1.1,
        },
        {
          name: 'call-overhead-raw',
          value: rawRun.ratio,
          unit: 'ratio',
          baseline: `axios GET + JSON.parse: ${((rawRun.baselineMs / CALLS_PER_ROUND) * 1000).toFixed(0)} µs/call`,
          notes:
            `provider.raw.call('get_Sites_getSites') ${((rawRun.candidateMs / CALLS_PER_ROUND) * 1000).toFixed(0)} µs/call ` +
            `(generated schema, no mapping); median of ${ROUNDS} rounds × ${CALLS_PER_ROUND} sequential calls; target ≤ 1.10`,
          met: rawRun.ratio <= 1.1,
        },
      ];
    } finally {
      await sim.close();
    }
  },
};
export default bench;
