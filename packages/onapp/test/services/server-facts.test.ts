/**
 * A fleet that was just listed is backed up without fetching each server again: listing remembers which
 * kind of backup each server takes.
 */
import { collect } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppProvider } from '../../src/index.js';
import { ServerFacts } from '../../src/services/server-facts.js';
import { type OnAppSimulator, startOnAppSimulator } from '../../src/testing/index.js';

const FAST = { timeoutMs: 30_000, minIntervalMs: 25, maxIntervalMs: 200 };

describe('server facts', () => {
  let sim: OnAppSimulator;
  beforeAll(async () => {
    sim = await startOnAppSimulator({ taskDurationMs: 50, seed: 8, rateLimit: false });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const serverGets = () => sim.server.stats().byRoute['GET /virtual_machines/:id.:format'] ?? 0;

  it('a backup of a listed server skips fetching the server', async () => {
    const provider: OnAppProvider = createOnAppProvider(sim.config);
    const [site] = await collect(provider.sites.list(), { limit: 1 });
    const before = serverGets();
    const backup = await (await provider.backups.create(site?.id ?? '')).wait(FAST);
    expect(backup.state).toBe('completed');
    expect(serverGets()).toBe(before);
  });

  it('a backup of a server it has not seen fetches it once, then remembers', async () => {
    const provider: OnAppProvider = createOnAppProvider(sim.config);
    const [site] = await collect(createOnAppProvider(sim.config).sites.list(), { limit: 1 });
    const before = serverGets();
    await (await provider.backups.create(site?.id ?? '')).wait(FAST);
    await (await provider.backups.create(site?.id ?? '')).wait(FAST);
    expect(serverGets()).toBe(before + 1);
  });

  it('forgets after ten minutes', () => {
    let now = 0;
    const facts = new ServerFacts(() => now);
    facts.remember({ id: 7, identifier: 'abc', support_incremental_backups: true } as never);
    expect(facts.recall('7')).toEqual(expect.objectContaining({ id: 7, incremental: true }));
    expect(facts.recall('abc')?.id).toBe(7);
    now = 10 * 60_000 + 1;
    expect(facts.recall('7')).toBeUndefined();
  });
});
