/**
 * Lists as scripts and people meet them on a large fleet (issue 14: `sites list` stopped silently at 1,000
 * sites). On a 3,000-site simulator of every vendor: everything is listed unless `--limit` says otherwise,
 * a cut list says so on stderr, `--json` is one valid document and `--jsonl` one object per line, both
 * written while the pages arrive.
 */
import { runCli } from '@omnihost/cli';
import type { ProviderConfig } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HARNESSES } from '../contract/vendors.js';
import { testIo } from './in-process-io.js';
import { envForConfig } from './spawn-cli.js';

const FLEET = 3_000;

describe.each(HARNESSES.map((harness) => [harness.vendor, harness] as const))(
  '%s: sites list on a 3,000-site simulator',
  (_vendor, { start }) => {
    let sim: VendorSimulator<ProviderConfig>;
    let env: Record<string, string>;
    const requests = () => sim.server.stats().requests;

    // A simulator per test: a real run is a process of its own, with its own client-side rate-limit budget,
    // while runs in this process share one per account and host (Acquia's 100 calls a minute).
    beforeEach(async () => {
      sim = await start({ siteCount: FLEET, seed: 14, rateLimit: false });
      env = envForConfig(sim.config);
    });
    afterEach(async () => {
      await sim?.close();
    });

    it('--json lists every site as one JSON document, written element by element, with nothing on stderr', async () => {
      const before = requests();
      const io = testIo(env, { onWrite: requests });
      expect(await runCli(['sites', 'list', '--json'], io), io.err()).toBe(0);
      const sites = JSON.parse(io.out()) as { id: string }[];
      expect(sites).toHaveLength(FLEET);
      expect(new Set(sites.map((site) => site.id)).size).toBe(FLEET);
      expect(io.err()).toBe('');
      // The same document as printing the whole list at once.
      expect(io.out()).toBe(`${JSON.stringify(sites, null, 2)}\n`);
      // Streamed: the first item was out before the last page was asked for.
      expect(requests() - before).toBeGreaterThan(2);
      expect(io.stdout.chunks.length).toBeGreaterThan(FLEET);
      expect(io.stdout.chunks[0]?.seen).toBeLessThan(requests());
    });

    it('--limit cuts the list, fetches less, and says so on stderr (as JSON with --json); --jsonl is a line per site', async () => {
      const before = requests();
      const json = testIo(env);
      expect(await runCli(['sites', 'list', '--json', '--limit', '10'], json), json.err()).toBe(0);
      expect(JSON.parse(json.out())).toHaveLength(10);
      const warning = JSON.parse(json.err()) as { warning: { message: string; limit: number } };
      expect(warning.warning).toMatchObject({ limit: 10, message: expect.stringContaining('--limit 10') });
      const limited = requests() - before;

      const table = testIo(env);
      expect(await runCli(['sites', 'list', '-n', '5'], table), table.err()).toBe(0);
      expect(table.out().match(/^│/gm)).toHaveLength(5 + 1);
      expect(table.err()).toMatch(/^Warning: more sites exist than the 5 shown \(--limit 5\)/);

      // A limit the list does not go past says nothing; --jsonl is one compact object per line.
      const full = requests();
      const all = testIo(env);
      expect(await runCli(['sites', 'list', '--jsonl', '--limit', String(FLEET)], all), all.err()).toBe(0);
      expect(limited).toBeLessThan(requests() - full);
      const lines = all.out().trimEnd().split('\n');
      expect(lines).toHaveLength(FLEET);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ id: expect.any(String) });
      expect(all.err()).toBe('');
    });
  },
);
