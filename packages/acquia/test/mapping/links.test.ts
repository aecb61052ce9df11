/**
 * HAL links are absolute URLs naming cloud.acquia.com (or whatever host the API chooses). The adapter
 * reads ids out of them and never sends a request, or a token, anywhere but the configured base URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collect, NotFoundError, ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { idFromHref, resolveNotificationRef } from '../../src/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { minIntervalMs: 50, maxIntervalMs: 100, timeoutMs: 10_000 };

/** A server that only counts: if anything followed a link to it, it would show here. */
async function startTrap(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    res.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('acquia HAL links', () => {
  it('reads ids out of cloud.acquia.com links as the real API sends them', async () => {
    // The simulator's links name itself by default (issue 14); these are the real host's.
    const recorded = await startRecordedSimulator(log, {
      seed: 41,
      taskDurationMs: 100,
      linkBaseUrl: 'https://cloud.acquia.com/api',
    });
    try {
      const acquia = recorded.provider();
      const [site] = await collect(acquia.sites.list({ environment: 'staging' }), { limit: 1 });
      const operation = await acquia.deploys.deploy(site?.id as string, { ref: 'develop' });
      const raw = operation.task.raw as { _links: { notification: { href: string } } };
      expect(raw._links.notification.href).toBe(`https://cloud.acquia.com/api/notifications/${operation.task.id}`);
      await operation.wait(fast);
      const hosts = new Set(log.exchanges.map((exchange) => exchange.path.split('/')[1]));
      expect(hosts).toEqual(new Set(['api']));
    } finally {
      await recorded.close();
    }
  });

  it('never follows a link: a whole workflow against links pointing at a trap server sends it nothing', async () => {
    const trap = await startTrap();
    const recorded = await startRecordedSimulator(log, {
      seed: 42,
      taskDurationMs: 100,
      linkBaseUrl: `${trap.url}/api`,
    });
    try {
      const acquia = recorded.provider();
      const sites = await collect(acquia.sites.list(), { limit: 100 });
      const prod = sites.find((site) => site.environment === 'prod');
      const staging = sites.find((site) => site.environment === 'staging');
      const backup = await (await acquia.backups.create(prod?.id as string)).wait(fast);
      await acquia.backups.downloadLink(prod?.id as string, backup.id);
      await (await acquia.backups.restore(prod?.id as string, backup.id)).wait(fast);
      const operation = await acquia.deploys.deploy(staging?.id as string, { ref: 'main' });
      // A notification URL on the other host is read for its uuid and asked of the configured one.
      const task = await acquia.tasks.wait(`${trap.url}/api/notifications/${operation.task.id}`, fast);
      expect(task.state).toBe('succeeded');
      expect(trap.hits).toEqual([]);
    } finally {
      await recorded.close();
      await trap.close();
    }
  });

  it('an id that looks like a URL or a path is NotFoundError and never leaves; a well-formed one stays one segment', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 43 });
    try {
      const acquia = recorded.provider();
      const before = log.exchanges.length;
      // Issue 13: characters no Acquia environment id has mean "no such site", before anything is sent.
      for (const id of ['https://evil.example/api/environments/1', '..', '../applications', '999999-doesnotexist']) {
        const error = await acquia.sites.get(id).catch((caught: unknown) => caught);
        expect(error, id).toBeInstanceOf(NotFoundError);
        expect((error as NotFoundError).message).toMatch(/is not an Acquia environment id/);
      }
      expect(log.exchanges.length).toBe(before);
      await expect(acquia.sites.get('')).rejects.toBeInstanceOf(ValidationError);
      // An id of the right alphabet that Acquia never issued is asked of the API, one encoded segment.
      await expect(acquia.sites.get('0-0')).rejects.toBeInstanceOf(NotFoundError);
      expect(log.exchanges.at(-1)?.path).toBe('/api/environments/0-0');
    } finally {
      await recorded.close();
    }
  });

  it('parses ids from any host, base path or `{baseUri}` placeholder (SDK fixtures)', () => {
    const uuid = 'f4b37e3c-1a96-4ed4-ad20-3081fe0f9545';
    expect(idFromHref(`https://cloud.acquia.com/api/notifications/${uuid}`, 'notifications')).toBe(uuid);
    expect(idFromHref(`https://cloud.acquia.dev/api/notifications/${uuid}?x=1#y`, 'notifications')).toBe(uuid);
    expect(idFromHref(`{baseUri}/notifications/${uuid}`, 'notifications')).toBe(uuid);
    expect(idFromHref('https://cloud.acquia.com/api/environments/24-abc/databases', 'environments')).toBe('24-abc');
    expect(idFromHref('https://cloud.acquia.com/api/notifications', 'notifications')).toBeUndefined();
    expect(resolveNotificationRef(`https://staging.cloud.acquia.com/api/notifications/${uuid}`)).toBe(uuid);
    expect(resolveNotificationRef('https://cloud.acquia.com/api/notifications/not-a-uuid')).toBeUndefined();
  });
});

specFidelitySuite('mapping/links.test.ts', log);
