import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createOperationTable,
  fillPathTemplate,
  NotFoundError,
  type Task,
  taskWaiter,
  ValidationError,
} from '../src/index.js';
import { TaskOutcomePolicy } from '../src/testing/index.js';

describe('fillPathTemplate', () => {
  it('encodes every value as one segment', () => {
    expect(fillPathTemplate('/a/{x}/b/{y}', { x: 'a/b?c', y: 7 })).toBe('/a/a%2Fb%3Fc/b/7');
  });

  it('refuses a missing value or a dot segment before anything is sent', () => {
    expect(() => fillPathTemplate('/a/{x}', {}, { vendor: 'acquia', operation: 'op' })).toThrow(
      /acquia op: path parameter x is required/,
    );
    expect(() => fillPathTemplate('/a/{x}', { x: '' })).toThrow(ValidationError);
    expect(() => fillPathTemplate('/a/{x}', { x: '..' })).toThrow(ValidationError);
  });
});

describe('createOperationTable', () => {
  const table = createOperationTable({
    vendor: 'sitefactory',
    rows: {
      listSites: { method: 'GET', path: '/api/v1/sites', maxLimit: 100 },
      getSite: { method: 'GET', path: '/api/v1/sites/{site_id}' },
      backup: { method: 'POST', path: '/api/v1/sites/{site_id}/backup' },
      log: { method: 'GET', path: '/log', body: 'text' },
    },
    queryLists: 'comma',
    textCodec: { name: 'text', accept: '*/*', contentType: 'text/plain', encode: String, decode: (text) => text },
  });

  it('finds an operation by id or by route', () => {
    expect(table.lookup('getSite')?.row.path).toBe('/api/v1/sites/{site_id}');
    expect(table.lookup('get /api/v1/sites/{site_id}')?.id).toBe('getSite');
    expect(table.lookup('DELETE /api/v1/sites/{site_id}')).toBeUndefined();
    expect(table.lookup('toString')).toBeUndefined();
  });

  it('builds the request: path filled, lists joined, the name and schema carried', () => {
    const schema = z.object({ id: z.number() });
    const request = table.request(
      'getSite',
      { path: { site_id: 'a b' }, query: { ids: [1, 2], x: undefined } },
      {
        schema,
        name: 'sites.get',
      },
    );
    expect(request).toMatchObject({ operation: 'sites.get', method: 'GET', path: '/api/v1/sites/a%20b' });
    expect(request.query).toEqual({ ids: '1,2' });
    expect(request.schema).toBe(schema);
    expect(table.request('log', {}).codec?.name).toBe('text');
  });

  it('refuses an unknown operation, a bad query value and an out-of-range limit', () => {
    expect(() => table.request('nope', {})).toThrow(/unknown operation/);
    expect(() => table.request('listSites', { query: { a: { b: 1 } } })).toThrow(ValidationError);
    expect(() => table.request('listSites', { query: { limit: 101 } })).toThrow(
      /limit must be an integer from 1 to 100/,
    );
    expect(table.request('listSites', { query: { limit: 100 } }).query).toEqual({ limit: 100 });
  });
});

describe('taskWaiter', () => {
  const task = (state: Task['state']): Task => ({ vendor: 'onapp', id: '7', state, rawStatus: state, raw: {} });

  it('polls a task given by id until it ends', async () => {
    const states: Task['state'][] = ['running', 'succeeded'];
    const wait = taskWaiter(async () => task(states.shift() ?? 'succeeded'));
    const done = await wait('7', { minIntervalMs: 1, maxIntervalMs: 1 });
    expect(done.state).toBe('succeeded');
    expect(states).toEqual([]);
  });

  it('checks the id before anything is sent, and takes a fetched task as the first observation', async () => {
    let polls = 0;
    const wait = taskWaiter(
      async () => {
        polls += 1;
        return task('succeeded');
      },
      (id) => {
        if (!/^\d+$/.test(id)) throw new NotFoundError('not a task id');
      },
    );
    await expect(wait('x')).rejects.toBeInstanceOf(NotFoundError);
    expect(polls).toBe(0);
    expect((await wait(task('succeeded'))).state).toBe('succeeded');
    expect(polls).toBe(0);
  });
});

describe('TaskOutcomePolicy (the simulator kit)', () => {
  it('uses scripted outcomes first, in order, each for the first task of its target', () => {
    const policy = new TaskOutcomePolicy<'error' | 'killed'>({ defaultDurationMs: 1000 }, 'error');
    policy.script(1, 'deploy', 'killed');
    policy.failNext(2, 'backup');
    expect(policy.next('other')).toBeUndefined();
    expect(policy.next('backup')).toBe('error');
    expect(policy.next('deploy')).toBe('killed');
    expect(policy.next('deploy')).toBeUndefined();
    expect(policy.nextFails('backup')).toBe(true);
    expect(policy.nextFails('backup')).toBe(false);
  });

  it('then draws the seeded failure rate: the same seed fails the same tasks', () => {
    const draws = (seed: number) => {
      const policy = new TaskOutcomePolicy({ defaultDurationMs: 1, failureRate: 0.3, seed }, 'failed');
      return Array.from({ length: 200 }, () => policy.nextFails('backup'));
    };
    const first = draws(42);
    expect(draws(42)).toEqual(first);
    const failed = first.filter(Boolean).length;
    expect(failed).toBeGreaterThan(35);
    expect(failed).toBeLessThan(85);
    expect(() => new TaskOutcomePolicy({ defaultDurationMs: 1, failureRate: 2 }, 'failed')).toThrow(RangeError);
  });

  it('knows how long each kind of task takes', () => {
    const policy = new TaskOutcomePolicy<'failed', string>(
      { defaultDurationMs: 1000, durationsByKind: { backup: 5000 } },
      'failed',
    );
    expect(policy.durationMs('backup')).toBe(5000);
    expect(policy.durationMs('deploy')).toBe(1000);
    expect(policy.durationMs()).toBe(1000);
  });
});
