/**
 * `onapp-xml`: turning a 1,000-server OnApp XML list into `Site`s — parse (hardened, typed scalars
 * coerced), validate with zod, map — ÷ a bare fast-xml-parser parse of the same document (attributes on,
 * as reading Rails' `type=` needs, and nothing else). The document is what the OnApp simulator serves for
 * `GET /virtual_machines.xml?per_page=1000`. Target ≤ 1.5.
 */
import { decodeRailsXml, listOf, toSite, virtualServerSchema } from '@omnihost/onapp';
import { startOnAppSimulator } from '@omnihost/onapp/testing';
import { XMLParser } from 'fast-xml-parser';
import { interleavedRatio, timeIt } from './lib/stats.js';
import type { Benchmark } from './lib/types.js';

const SERVERS = 1000;
const PARSES_PER_ROUND = 10;
const ROUNDS = 15;

async function fetchServerListXml(): Promise<string> {
  const sim = await startOnAppSimulator({ siteCount: SERVERS, rateLimit: false, seed: 9 });
  try {
    const auth = Buffer.from(`${sim.config.email}:${sim.config.apiKey}`).toString('base64');
    const response = await fetch(`${sim.url}/virtual_machines.xml?page=1&per_page=${SERVERS}`, {
      headers: { Authorization: `Basic ${auth}`, Accept: 'application/xml' },
    });
    if (!response.ok) throw new Error(`simulator answered ${response.status}`);
    return await response.text();
  } finally {
    await sim.close();
  }
}

const bench: Benchmark = {
  name: 'onapp-xml',
  async run() {
    const xml = await fetchServerListXml();
    const schema = listOf(virtualServerSchema);
    const omnihost = () => {
      const decoded = decodeRailsXml(xml);
      const servers = schema.parse(decoded);
      return servers.map((server, index) => toSite(server, (decoded as unknown[])[index]));
    };
    const bare = new XMLParser({ ignoreAttributes: false });
    const baseline = () => bare.parse(xml) as unknown;

    const sites = omnihost();
    if (sites.length !== SERVERS) throw new Error(`expected ${SERVERS} sites, mapped ${sites.length}`);
    for (let i = 0; i < 5; i += 1) {
      omnihost();
      baseline();
    }
    const many = (fn: () => unknown) => () =>
      timeIt(() => {
        for (let i = 0; i < PARSES_PER_ROUND; i += 1) fn();
      });
    const { ratio, baselineMs, candidateMs } = await interleavedRatio(ROUNDS, many(baseline), many(omnihost));
    return [
      {
        name: 'onapp-xml',
        value: ratio,
        unit: 'ratio',
        baseline: `fast-xml-parser parse (attributes on): ${(baselineMs / PARSES_PER_ROUND).toFixed(1)} ms per document`,
        notes:
          `omnihost parse + coerce + validate + map: ${(candidateMs / PARSES_PER_ROUND).toFixed(1)} ms for ` +
          `${SERVERS} servers (${(xml.length / 1024).toFixed(0)} KiB); median of ${ROUNDS} rounds; target ≤ 1.5`,
        met: ratio <= 1.5,
      },
    ];
  },
};
export default bench;
