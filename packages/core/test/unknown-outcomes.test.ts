/**
 * Issue 15, core: a start's intent, the one rule that marks what a failed start proves, `err.reconcile()`,
 * the matching rule every vendor's reconcile uses, and operations as data.
 */
import { describe, expect, it } from 'vitest';
import {
  adoptCandidate,
  createOperation,
  idempotencyKeyIn,
  isOmnihostError,
  NetworkError,
  newIntent,
  type Operation,
  operationJsonSchema,
  processTaskClaims,
  ServerError,
  startIntentSchema,
  startOperation,
  type Task,
  TimeoutError,
  ValidationError,
  withIdempotencyKey,
  withoutIdempotencyKey,
} from '../src/index.js';

const task: Task = { vendor: 'onapp', id: '42', state: 'running', rawStatus: 'running', raw: {} };
const found = (): Operation<Task> =>
  createOperation({
    task,
    poll: async () => ({ ...task, state: 'succeeded' }),
    complete: async (final) => final,
    json: {
      vendor: 'onapp',
      kind: 'backups.restore',
      siteId: '1',
      taskId: '42',
      key: 'k',
      startedAt: new Date().toISOString(),
    },
  });

describe('intents', () => {
  it('carry a generated key and the time the call began, and read back through their schema', () => {
    const intent = newIntent('onapp', 'backups.restore', { siteId: '1', backupId: '7', targetSiteId: undefined });
    expect(intent.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.now() - Date.parse(intent.startedAt)).toBeLessThan(10_000); // "now", not some other time
    expect('targetSiteId' in intent).toBe(false);
    expect(startIntentSchema.parse(JSON.parse(JSON.stringify(intent)))).toEqual(intent);
  });

  it('take a caller key of the accepted form, and refuse any other', () => {
    expect(newIntent('acquia', 'deploys.deploy', { siteId: 's' }, { idempotencyKey: 'run-7:site-1' }).key).toBe(
      'run-7:site-1',
    );
    for (const key of ['', 'with space', 'x'.repeat(101), 'ümlaut']) {
      expect(() => newIntent('acquia', 'deploys.deploy', { siteId: 's' }, { idempotencyKey: key })).toThrow(
        ValidationError,
      );
    }
  });

  it('travel in vendor text and are read back from it', () => {
    const label = withIdempotencyKey('pre-release', 'abc-123');
    expect(label).toBe('pre-release omnihost:abc-123');
    expect(idempotencyKeyIn(label)).toBe('abc-123');
    expect(withoutIdempotencyKey(label)).toBe('pre-release');
    expect(idempotencyKeyIn('nothing here')).toBeUndefined();
    expect(idempotencyKeyIn(withIdempotencyKey(undefined, 'k1'))).toBe('k1');
  });
});

describe('a failed start says what it proves (one rule for every vendor)', () => {
  const intent = () => newIntent('onapp', 'backups.restore', { siteId: '1', backupId: '7' });

  it('a transport error keeps its mark, carries the intent, and reconcile() asks the vendor', async () => {
    let asked = 0;
    const error = await startOperation(
      intent(),
      async () => {
        throw new ServerError('gateway', { status: 502, outcome: 'unknown' });
      },
      async () => {
        asked += 1;
        return found();
      },
    ).catch((e: unknown) => e);
    expect(isOmnihostError(error) && error.outcome).toBe('unknown');
    expect((error as ServerError).intent?.kind).toBe('backups.restore');
    const operation = await (error as ServerError).reconcile();
    expect(asked).toBe(1);
    expect(operation?.task.id).toBe('42');
    expect(JSON.parse(JSON.stringify(error)).intent.backupId).toBe('7');
  });

  it('a failure before the start request is not-started, and reconcile() resolves null without asking', async () => {
    let asked = 0;
    const error = await startOperation(
      intent(),
      async () => {
        throw new NetworkError('lookup failed');
      },
      async () => {
        asked += 1;
        return null;
      },
    ).catch((e: unknown) => e);
    expect((error as NetworkError).outcome).toBe('not-started');
    expect(await (error as NetworkError).reconcile()).toBeNull();
    expect(asked).toBe(0);
  });

  it('a failure after the vendor accepted the start is unknown, whatever it was', async () => {
    const error = await startOperation(
      intent(),
      async (context) => {
        context.accepted();
        throw new TimeoutError('reading the task', { phase: 'request', outcome: 'not-started' });
      },
      async () => null,
    ).catch((e: unknown) => e);
    expect((error as TimeoutError).outcome).toBe('unknown');
  });

  it('an error of a call that started nothing reconciles to null', async () => {
    expect(await new ValidationError('bad').reconcile()).toBeNull();
  });
});

describe('the matching rule', () => {
  const at = (ms: number) => new Date(Date.parse('2026-12-04T12:00:00.500Z') + ms);
  const intentAt = (key: string) => ({
    ...newIntent('acquia', 'deploys.deploy', { siteId: 's' }, { idempotencyKey: key }),
    startedAt: at(0).toISOString(),
  });

  it('exact: the record carrying the key is the intent’s, whenever it began', async () => {
    const claims = processTaskClaims();
    const candidates = [
      { taskId: 'a', startedAt: at(-60_000), text: withIdempotencyKey('x', 'key-exact') },
      { taskId: 'b', startedAt: at(10) },
    ];
    expect(await adoptCandidate(intentAt('key-exact'), candidates, { claims })).toBe('a');
  });

  it('heuristic: never a record begun before the intent, never one record for two intents', async () => {
    const candidates = [
      { taskId: 'before', startedAt: at(-5) },
      { taskId: 'first', startedAt: at(20) },
      { taskId: 'second', startedAt: at(40) },
      { taskId: 'keyed-other', startedAt: at(30), text: withIdempotencyKey(undefined, 'someone-else') },
    ];
    const one = intentAt('h-one');
    const two = intentAt('h-two');
    expect(await adoptCandidate(one, candidates)).toBe('first');
    expect(await adoptCandidate(two, candidates)).toBe('second');
    expect(await adoptCandidate(one, candidates)).toBe('first');
    expect(await adoptCandidate(intentAt('h-three'), candidates)).toBeUndefined();
  });

  it('reads a vendor with whole-second timestamps at its resolution', async () => {
    const candidates = [{ taskId: 'same-second', startedAt: new Date('2026-12-04T12:00:00.000Z') }];
    expect(await adoptCandidate(intentAt('res-1'), candidates)).toBeUndefined();
    expect(await adoptCandidate(intentAt('res-2'), candidates, { resolutionMs: 1000 })).toBe('same-second');
  });
});

describe('operations as data', () => {
  it('toJSON gives what resume needs, in the documented shape', () => {
    const json = found().toJSON();
    expect(operationJsonSchema.parse(json)).toEqual(json);
    expect(Object.keys(json).sort()).toEqual(['key', 'kind', 'siteId', 'startedAt', 'taskId', 'vendor']);
  });
});

describe('keys in vendor text (found by the Cloud 66 reconcile)', () => {
  it('a key may end in . : or -, and the last mark is the one that counts', () => {
    for (const key of ['run-7:', 'a.b.', 'x-']) {
      const text = withIdempotencyKey('release notes', key);
      expect(idempotencyKeyIn(text)).toBe(key);
      expect(withoutIdempotencyKey(text)).toBe('release notes');
    }
    const text = withIdempotencyKey('mentions omnihost:someone-else here', 'mine');
    expect(idempotencyKeyIn(text)).toBe('mine');
    expect(withoutIdempotencyKey(text)).toBe('mentions omnihost:someone-else here');
    expect(idempotencyKeyIn('xomnihost:glued')).toBeUndefined();
  });

  it('an exact match outweighs a claim, and claims are scoped per endpoint', async () => {
    const claims = processTaskClaims();
    const intent = { ...newIntent('cloud66', 'deploys.deploy', { siteId: 's' }, { idempotencyKey: 'outweigh-1' }) };
    await claims.claim('cloud66', 'scope-a|t1', 'someone-else');
    const keyed = [{ taskId: 't1', startedAt: new Date(), text: withIdempotencyKey('m', 'outweigh-1') }];
    expect(await adoptCandidate(intent, keyed, { claims, scope: 'scope-a' })).toBe('t1');
    const later = [{ taskId: 't2', startedAt: new Date(Date.now() + 5_000) }];
    const other = newIntent('cloud66', 'deploys.deploy', { siteId: 's' }, { idempotencyKey: 'scoped-2' });
    await claims.claim('cloud66', 'scope-b|t2', 'someone-else');
    expect(await adoptCandidate(other, later, { claims, scope: 'scope-a' })).toBe('t2');
    expect(
      await adoptCandidate(newIntent('cloud66', 'deploys.deploy', { siteId: 's' }), later, {
        claims,
        scope: 'scope-b',
      }),
    ).toBeUndefined();
  });
});
