import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  collect,
  deferList,
  paginate,
  UnsupportedOperationError,
  unsupportedList,
  ValidationError,
  waitForTask,
} from '../src/index.js';
import type { SimServer } from '../src/testing/index.js';
import { clientFor, startTestApi } from './helpers/test-api.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * "Promptly" on a loaded 2-core CI machine: timers there lagged by 419 ms (CI run of stop 18), so each test
 * makes the alternative (ignoring the abort) take 30 s or more and bounds the abort well below it.
 */
const PROMPT_MS = 3_000;

describe('abort', () => {
  it('ends an in-flight call promptly', async () => {
    server = await startTestApi((router) => router.get('/slow', () => ({ status: 200, json: {} })), {
      faults: { rate: 0, slowMs: 30_000 },
    });
    server.inject({ kind: 'slow' });
    const client = clientFor(server);
    const controller = new AbortController();
    const call = client.request({ operation: 'slow', method: 'GET', path: '/slow', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    // Typically a few ms. A loaded 2-core CI machine lagged timers by 419 ms, so the bound is set against the
    // 30 s a call that ignored the abort would take, not against the typical figure.
    expect(Date.now() - started).toBeLessThan(PROMPT_MS);
  });

  it('ends a wait promptly', async () => {
    const controller = new AbortController();
    const poll = async () => ({
      vendor: 'cloud66' as const,
      id: '1',
      state: 'running' as const,
      rawStatus: 'running',
      raw: {},
    });
    const wait = waitForTask(poll, { signal: controller.signal, minIntervalMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    controller.abort();
    await expect(wait).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(PROMPT_MS); // against a 60 s poll interval
  });

  it('ends a call waiting between retries', async () => {
    server = await startTestApi((router) => router.get('/x', () => ({ status: 200, json: {} })));
    server.setRandomFaults({ rate: 0, retryAfterSeconds: 30 });
    server.inject({ kind: 'throttle' });
    const client = clientFor(server);
    const controller = new AbortController();
    const call = client.request({ operation: 'x', method: 'GET', path: '/x', signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(PROMPT_MS); // against a 30 s Retry-After
  });
});

describe('paginate', () => {
  it('stops fetching when the consumer breaks', async () => {
    const fetched: number[] = [];
    const pages = paginate<number, number>(async (cursor) => {
      const page = cursor ?? 0;
      fetched.push(page);
      return { items: [page * 10, page * 10 + 1], next: page + 1 };
    });
    expect(fetched).toEqual([]); // lazy: nothing before iteration
    const seen: number[] = [];
    for await (const item of pages) {
      seen.push(item);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual([0, 1, 10, 11, 20]);
    expect(fetched).toEqual([0, 1, 2]);
  });

  it('pages over real HTTP and ends on the last page', async () => {
    server = await startTestApi((router) =>
      router.get('/items', (request) => {
        const page = Number(request.query.get('page') ?? '1');
        return { status: 200, json: { items: page <= 3 ? [page] : [], next: page < 3 ? page + 1 : null } };
      }),
    );
    const client = clientFor(server);
    const items = paginate<number, number>(async (cursor) => {
      const { data } = await client.request<{ items: number[]; next: number | null }>({
        operation: 'items',
        method: 'GET',
        path: '/items',
        query: { page: cursor ?? 1 },
      });
      return { items: data.items, next: data.next ?? undefined };
    });
    expect(await collect(items, { limit: 100 })).toEqual([1, 2, 3]);
    expect(server.stats().requests).toBe(3);
  });

  it('stops on a repeated cursor instead of looping forever', async () => {
    let calls = 0;
    const items = paginate<number, string>(async () => {
      calls += 1;
      return { items: [calls], next: 'same' };
    });
    expect(await collect(items, { limit: 100 })).toEqual([1, 2]);
  });

  it('collect requires an explicit, bounded limit', async () => {
    const items = paginate<number, number>(async () => ({ items: [1], next: undefined }));
    await expect(collect(items, {} as { limit: number })).rejects.toBeInstanceOf(ValidationError);
    await expect(collect(items, { limit: 1_000_000 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('deferList and unsupportedList', () => {
  it('a list whose construction throws rejects on iteration, never where list() is called', async () => {
    let built = 0;
    const list = deferList<number>(() => {
      built += 1;
      throw new ValidationError('bad id');
    });
    expect(built).toBe(0);
    await expect(collect(list, { limit: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(collect(list.pages(), { limit: 1 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('builds once and then iterates lazily', async () => {
    let built = 0;
    let fetched = 0;
    const list = deferList(() => {
      built += 1;
      return paginate<number, number>(async (cursor) => {
        fetched += 1;
        const page = cursor ?? 0;
        return { items: [page], next: page < 5 ? page + 1 : undefined };
      });
    });
    expect(await collect(list, { limit: 2 })).toEqual([0, 1]);
    expect(await collect(list, { limit: 1 })).toEqual([0]);
    expect(built).toBe(1);
    expect(fetched).toBe(3);
  });

  it('unsupportedList rejects with UnsupportedOperationError naming vendor and operation', async () => {
    const error = await collect(unsupportedList('onapp', 'deploys.list', 'no history'), { limit: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedOperationError);
    expect((error as Error).message).toBe('onapp does not support deploys.list: no history');
  });
});
