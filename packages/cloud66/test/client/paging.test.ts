/**
 * Cloud 66's `page` paging on core's `numberedPages`: page 1 first, then the next page while the
 * `pagination` block names one that moves forward. Played by a scripted server, to answer what the
 * simulator never would: empty pages that are not the last, bare arrays, a server that ignores `page`.
 */
import { collect } from '@omnihost/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedServer, startScriptedServer } from '../../../../test/support/scripted-server.js';
import { cloud66HasNextPage, createCloud66Provider, listPage, nextPage, stackSchema } from '../../src/index.js';

describe('the last-page rule, from the pagination block', () => {
  it('follows next and accepts prev as well as previous', () => {
    const page = listPage(stackSchema).parse({
      response: [{ uid: 'x' }],
      pagination: { prev: 1, next: 3, current: 2, per_page: 30, count: 61, pages: 3 },
    });
    expect(page.pagination?.prev).toBe(1);
    expect(cloud66HasNextPage(page.pagination, 2)).toBe(true);
    expect(nextPage(page.pagination, 2)).toBe(3);
    // A `next` that does not move forward ends the list instead of looping.
    expect(cloud66HasNextPage({ next: 2, current: 2 }, 2)).toBe(false);
    expect(nextPage({ next: 2, current: 2 }, 2)).toBeUndefined();
    expect(cloud66HasNextPage({ next: null, current: 3 }, 3)).toBe(false);
    expect(nextPage({ next: null, current: 3 }, 3)).toBeUndefined();
  });

  it('a next behind the page asked for ends the list; a list without a pagination block is one page', () => {
    // A server that ignores `page` answers page 1 again when asked for page 2.
    expect(cloud66HasNextPage({ next: 2, current: 1 }, 2)).toBe(false);
    expect(cloud66HasNextPage({ next: 2 }, 1)).toBe(true);
    expect(cloud66HasNextPage(undefined, 1)).toBe(false);
    expect(cloud66HasNextPage(null, 1)).toBe(false);
    expect(cloud66HasNextPage({ current: 1, count: 90, pages: 3 }, 1)).toBe(false);
  });
});

const server: ScriptedServer = await startScriptedServer();
afterAll(() => server.close());

describe('lists against a scripted server', () => {
  const stacks = (page: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({ uid: `stack-${page}-${index}`, status: 1 }));
  const json = (body: unknown) => ({
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const pageOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('page'));
  const provider = () =>
    createCloud66Provider({
      token: 'scripted-token',
      baseUrl: server.url,
      allowInsecureHttp: true,
      rateLimit: false,
      retry: { retries: 0 },
    });

  beforeEach(() => {
    server.seen.length = 0;
  });

  it('asks page=1 first, then the next pages in the query string, until next is null', async () => {
    server.answer((request) => {
      const page = pageOf(request.url);
      return json({
        response: stacks(page, page < 3 ? 30 : 4),
        pagination: { next: page < 3 ? page + 1 : null, current: page },
      });
    });
    const listed = await collect(provider().raw.stacks.list(), { limit: 100 });
    expect(listed).toHaveLength(64);
    expect(server.seen.map((request) => request.url)).toEqual([
      '/stacks.json?page=1',
      '/stacks.json?page=2',
      '/stacks.json?page=3',
    ]);
  });

  it('goes past an empty page that names a next one', async () => {
    server.answer((request) => {
      const page = pageOf(request.url);
      if (page === 1) return json({ response: [], pagination: { next: 2, current: 1 } });
      return json({ response: stacks(page, 2), pagination: { next: null, current: page } });
    });
    const sites = await collect(provider().sites.list(), { limit: 100 });
    expect(sites.map((site) => site.id)).toEqual(['stack-2-0', 'stack-2-1']);
    expect(server.seen).toHaveLength(2);
  });

  it('reads a bare array as one, last page, even a full one', async () => {
    server.answer(json(stacks(1, 30)));
    expect(await collect(provider().raw.stacks.list(), { limit: 100 })).toHaveLength(30);
    expect(server.seen).toHaveLength(1);
  });

  it('stops when a server that ignores page answers the first page again', async () => {
    server.answer(json({ response: stacks(1, 30), pagination: { next: 2, current: 1 } }));
    expect(await collect(provider().raw.stacks.list(), { limit: 1000 })).toHaveLength(60);
    expect(server.seen.map((request) => pageOf(request.url))).toEqual([1, 2]);
  });
});
