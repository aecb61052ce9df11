import { describe, expect, it } from 'vitest';
import {
  collect,
  isEnvironmentUnknown,
  isLastNumberedPage,
  MAX_EMPTY_PAGES_IN_A_ROW,
  mapPaged,
  type NumberedPage,
  numberedPages,
  type PageRequest,
  paginate,
  ResponseValidationError,
  type Site,
  selectByEnvironment,
  ValidationError,
} from '../src/index.js';

const request = (page: number, limit = 10): PageRequest => ({ page, offset: (page - 1) * limit, limit });
const items = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('the last-page rule', () => {
  it.each<[string, NumberedPage<number>, PageRequest, boolean]>([
    ['a full page may have more', { items: items(10) }, request(1), false],
    ['a short page is the last', { items: items(3) }, request(2), true],
    ['an empty page is the last', { items: [] }, request(2), true],
    ['a filtered-out page of full rows is not', { items: [], rowCount: 10 }, request(2), false],
    ['reaching the total ends it', { items: items(10), total: 20 }, request(2), true],
    ['below the total goes on', { items: items(10), total: 21 }, request(2), false],
    ['reaching the page count ends it', { items: items(10), pageCount: 3 }, request(3), true],
    ['the vendor saying "no next" wins over a full page', { items: items(10), hasNext: false }, request(1), true],
    ['the vendor saying "next" wins over an empty page', { items: [], hasNext: true }, request(1), false],
  ])('%s', (_name, page, req, last) => {
    expect(isLastNumberedPage(page, req)).toBe(last);
  });

  it('counts pages from firstPage', () => {
    expect(isLastNumberedPage({ items: items(10), pageCount: 2 }, { page: 1, offset: 10, limit: 10 }, 0)).toBe(true);
  });
});

describe('numberedPages', () => {
  it('fetches page after page, with offsets, until the rule says last', async () => {
    const seen: PageRequest[] = [];
    const list = numberedPages<number>(
      async (req) => {
        seen.push(req);
        const all = items(25);
        return { items: all.slice(req.offset, req.offset + req.limit) };
      },
      { pageSize: 10 },
    );
    expect(await collect(list, { limit: 100 })).toEqual(items(25));
    expect(seen).toEqual([request(1), request(2), request(3)]);
  });

  it('goes past pages that filtering emptied', async () => {
    let calls = 0;
    const list = numberedPages<number>(
      async (req) => {
        calls += 1;
        const rows = req.page < 4 ? items(10) : items(2);
        return { items: req.page === 1 || req.page === 4 ? rows : [], rowCount: rows.length };
      },
      { pageSize: 10 },
    );
    expect((await collect(list, { limit: 100 })).length).toBe(12);
    expect(calls).toBe(4);
  });
});

describe('paginate', () => {
  it('goes past an empty page that names a next one', async () => {
    const pages = [[1, 2], [], [], [3]];
    const list = paginate<number, number>(async (cursor) => {
      const index = cursor ?? 0;
      return { items: pages[index] ?? [], next: index + 1 < pages.length ? index + 1 : undefined };
    });
    expect(await collect(list, { limit: 10 })).toEqual([1, 2, 3]);
  });

  it('gives up on a vendor answering empty pages without end, with a typed error', async () => {
    let calls = 0;
    const list = paginate<number, number>(async (cursor) => {
      calls += 1;
      return { items: [], next: (cursor ?? 0) + 1 };
    });
    await expect(collect(list, { limit: 10 })).rejects.toBeInstanceOf(ResponseValidationError);
    expect(calls).toBe(MAX_EMPTY_PAGES_IN_A_ROW + 1);
  });

  it('mapPaged maps and filters lazily, page by page', async () => {
    let fetched = 0;
    const source = paginate<number, number>(async (cursor) => {
      fetched += 1;
      const page = cursor ?? 0;
      return { items: [page * 2, page * 2 + 1], next: page < 9 ? page + 1 : undefined };
    });
    const odd = mapPaged(
      source,
      (value) => value * 10,
      (value) => value % 20 !== 0,
    );
    expect(await collect(odd, { limit: 2 })).toEqual([10, 30]);
    expect(fetched).toBe(2);
  });
});

describe('selectByEnvironment', () => {
  const site = (id: string, environment: Site['environment'], environmentName?: string): Site => ({
    vendor: 'sitefactory',
    id,
    name: id,
    environment,
    environmentName,
    status: 'active',
    rawStatus: '',
    raw: {},
  });
  const listOf = (...pages: Site[][]) =>
    paginate<Site, number>(async (cursor) => {
      const index = cursor ?? 0;
      return { items: pages[index] ?? [], next: index + 1 < pages.length ? index + 1 : undefined };
    });

  it('keeps the sites of the environment, lazily', async () => {
    const list = selectByEnvironment(listOf([site('1', 'prod', 'live'), site('2', 'dev', 'dev')]), 'prod', {
      vendor: 'sitefactory',
    });
    expect((await collect(list, { limit: 10 })).map((s) => s.id)).toEqual(['1']);
  });

  it('never selects nothing silently when some stages cannot be told: ValidationError naming the fix', async () => {
    const list = selectByEnvironment(listOf([site('1', 'other'), site('2', 'other', 'qa2')]), 'prod', {
      vendor: 'sitefactory',
      hint: 'tell the factory its stage',
    });
    const error = await collect(list, { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(
      /1 sites have an environment that cannot be told; tell the factory/,
    );
  });

  it('warns when it selected some and passed over sites of unknown stage; `other` keeps them', async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) };
    const sites = [site('1', 'prod', 'live'), site('2', 'other')];
    const list = selectByEnvironment(listOf(sites), 'prod', { vendor: 'onapp', logger });
    expect((await collect(list, { limit: 10 })).map((s) => s.id)).toEqual(['1']);
    expect(warnings).toHaveLength(1);
    const others = selectByEnvironment(listOf(sites), 'other', { vendor: 'onapp' });
    expect((await collect(others, { limit: 10 })).map((s) => s.id)).toEqual(['2']);
    expect(isEnvironmentUnknown(sites[1] as Site)).toBe(true);
    expect(isEnvironmentUnknown(site('3', 'other', 'qa2'))).toBe(false);
  });
});
