/**
 * Issue 15 on Site Factory, over real HTTP against the simulator: a start whose answer was lost is found
 * again, never repeated.
 * - after execution (the handler ran, then the connection was reset, a 500/502/503/504 answered, or the
 *   answer came after `timeoutMs`): the error is `outcome: 'unknown'` with the intent, `err.reconcile()`
 *   returns the operation of the task the factory started, its `wait()` resolves to the right result, and the
 *   factory executed the start exactly once;
 * - before reaching the factory (connection refused, the connection dropped or a 503 before the handler):
 *   `reconcile()` returns null and one retry executes once;
 * - two starts in flight on one site are each matched to their own task, exact and heuristic;
 * - a heuristic match never takes a task begun before the intent, nor another client's backup;
 * - archive tasks of one site begun in one second (manual clock) are told apart: a task that succeeded is never
 *   adopted without the key, and a keyed archive's writer is found even when it was queued at the pool's read;
 * - `toJSON()` → `resume()` in a second process finishes the wait.
 */

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Backup,
  collect,
  type Deployment,
  idempotencyKeyIn,
  isOmnihostError,
  newIntent,
  type OmnihostError,
  type ReconciledOperation,
  START_KINDS,
  type StartIntent,
  type StartKind,
  type Task,
  withIdempotencyKey,
} from '@omnihost/core';
import { manualClock, type ScriptedFault } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/free-port.js';
import { runTsxChild } from '../../../../test/support/tsx-child.js';
import { createSiteFactoryProvider, type SiteFactoryProvider, siteFactoryCapabilities } from '../../src/index.js';
import {
  type SiteFactoryExchange,
  type SiteFactorySimulator,
  startSiteFactorySimulator,
} from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
const quick = { minIntervalMs: 5, maxIntervalMs: 25, timeoutMs: 15_000 };
/** The client gives up after this; a `slow` answer comes after {@link SLOW_MS}. */
const TIMEOUT_MS = 400;
const SLOW_MS = 900;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CHILD = join(root, 'packages/sitefactory/test/support/resume-child.ts');

/** The request each start kind sends, and what the simulator counts when it executes one. */
const START_REQUEST: Record<StartKind, (request: { method: string; path: string }) => boolean> = {
  'backups.create': (request) => request.method === 'POST' && /^\/api\/v1\/sites\/\d+\/backup$/.test(request.path),
  'backups.restore': (request) => request.method === 'POST' && /^\/api\/v1\/sites\/\d+\/restore$/.test(request.path),
  'backups.delete': (request) =>
    request.method === 'DELETE' && /^\/api\/v1\/sites\/\d+\/backups\/\d+$/.test(request.path),
  'deploys.deploy': (request) => request.method === 'POST' && request.path === '/api/v1/update',
};
const EXECUTION: Record<StartKind, string> = {
  'backups.create': 'backup.create',
  'backups.restore': 'backup.restore',
  'backups.delete': 'backup.delete',
  'deploys.deploy': 'update.start',
};

/** The ways an answer is lost after the factory executed the start. */
const LOST_AFTER: { name: string; fault: Omit<ScriptedFault, 'match'> }[] = [
  { name: 'the connection is reset', fault: { kind: 'reset-after' } },
  ...[500, 502, 503, 504].map((status) => ({
    name: `a ${status} answers`,
    fault: { kind: 'server-error-after' as const, status },
  })),
  { name: 'the answer comes after timeoutMs', fault: { kind: 'slow' } },
];

/** Ways a start never reaches the handler, on the live simulator. */
const DROPPED_BEFORE: { name: string; fault: Omit<ScriptedFault, 'match'> }[] = [
  { name: 'the connection is dropped before the handler', fault: { kind: 'reset' } },
  { name: 'a 503 answers before the handler', fault: { kind: 'server-error', status: 503 } },
];

describe('sitefactory: a start whose answer was lost is found again, never repeated (issue 15)', () => {
  let env: Recorded;
  let provider: SiteFactoryProvider;
  /**
   * The same factory with the default timeout, for the calls whose answer is not meant to be lost (setup, and
   * the retries after a `null`): on a loaded machine an answer may take longer than {@link TIMEOUT_MS}, and a
   * start is never re-sent.
   */
  let steady: SiteFactoryProvider;
  let prodSite: string;
  let otherProdSite: string;
  let thirdProdSite: string;
  let stagingSite: string;
  let restorable: Backup;
  let deadUrl: string;
  let counter = 0;

  /** While set, the factory's clock stands still there (its work pool does not move on). */
  let heldAt: number | undefined;
  beforeAll(async () => {
    env = await startRecorded(
      {
        taskDurationMs: 40,
        seed: 31,
        faults: { rate: 0, slowMs: SLOW_MS },
        clock: { now: () => heldAt ?? Date.now() },
      },
      traffic,
    );
    provider = createSiteFactoryProvider({
      ...env.sim.config,
      rateLimit: false,
      retry: { minDelayMs: 10 },
      timeoutMs: TIMEOUT_MS,
    });
    steady = createSiteFactoryProvider({ ...env.sim.config, rateLimit: false, retry: { minDelayMs: 10 } });
    const sites = await collect(provider.sites.list(), { limit: 100 });
    const prod = sites.filter((site) => site.environment === 'prod');
    prodSite = (prod[0] as { id: string }).id;
    otherProdSite = (prod[1] as { id: string }).id;
    thirdProdSite = (prod[2] as { id: string }).id;
    stagingSite = (sites.find((site) => site.environment === 'staging') as { id: string }).id;
    restorable = await (await steady.backups.create(prodSite, { label: 'restorable' })).wait(quick);
    deadUrl = await closedPortUrl();
  });
  afterAll(() => env?.sim.close());

  const executions = (kind: StartKind) => env.sim.server.stats().executions[EXECUTION[kind]] ?? 0;
  /** Keys of the accepted form, some ending in `.`, `:` or `-` (core reads those whole since issue 15's fix). */
  const nextKey = (kind: StartKind) => `i15-${kind.replace('.', '-')}-${++counter}${['', '.', ':', '-'][counter % 4]}`;

  /** Starts `kind` with `key` on `on` (a provider), as a user would. */
  async function start(kind: StartKind, key: string, on: SiteFactoryProvider = provider) {
    switch (kind) {
      case 'backups.create':
        return on.backups.create(prodSite, { label: `lost ${key}`, idempotencyKey: key });
      case 'backups.restore':
        return on.backups.restore(prodSite, restorable.id, { idempotencyKey: key });
      case 'backups.delete':
        return on.backups.delete(prodSite, deleteTarget, { idempotencyKey: key });
      case 'deploys.deploy':
        return on.deploys.deploy(stagingSite, { ref: `tags/2.15.${counter}`, idempotencyKey: key });
    }
  }

  /** Each delete case deletes a backup of its own, made before the case counts anything. */
  let deleteTarget = '';
  async function prepare(kind: StartKind) {
    if (kind === 'backups.delete') {
      deleteTarget = (await (await steady.backups.create(prodSite, { label: 'to delete' })).wait(quick)).id;
    }
  }

  /** The task ids the factory answered to the start requests sent since `mark`. */
  const startedTaskIds = (kind: StartKind, mark: number) =>
    traffic
      .slice(mark)
      .filter((exchange) => START_REQUEST[kind](exchange) && exchange.status === 200)
      .map((exchange) => String((exchange.json as { task_id: number }).task_id));

  /** Checks what a reconciled (or resumed) operation of `kind` resolves to. */
  async function expectRightResult(kind: StartKind, operation: ReconciledOperation, key: string, taskId: string) {
    const result = await operation.wait(quick);
    if (kind === 'backups.create') {
      const backup = result as Backup;
      expect(backup.label).toBe(`lost ${key}`);
      const withKey = (await collect(provider.backups.list(prodSite), { limit: 500 })).filter(
        (item) => idempotencyKeyIn((item.raw as { label?: string }).label) === key,
      );
      expect(withKey.map((item) => item.id)).toEqual([backup.id]);
    } else if (kind === 'deploys.deploy') {
      const deployment = result as Deployment;
      expect(deployment.id).toBe(taskId);
      expect(deployment.state).toBe('succeeded');
      expect(deployment.ref).toMatch(/^tags\/2\.15\.\d+$/);
      expect(deployment.affectedSiteIds).toContain(stagingSite);
    } else {
      const task = result as Task;
      expect(task.id).toBe(taskId);
      expect(task.state).toBe('succeeded');
    }
  }

  for (const kind of START_KINDS) {
    describe(kind, () => {
      for (const loss of LOST_AFTER) {
        it(`after execution, ${loss.name}: outcome unknown, reconcile() finds the task, one execution`, async () => {
          await prepare(kind);
          const key = nextKey(kind);
          const before = executions(kind);
          const mark = traffic.length;
          env.sim.server.inject({ ...loss.fault, count: 1, match: START_REQUEST[kind] });
          const error = (await start(kind, key).catch((caught: unknown) => caught)) as OmnihostError;
          expect(isOmnihostError(error), String(error)).toBe(true);
          expect(error.outcome).toBe('unknown');
          expect(error.intent).toMatchObject({ vendor: 'sitefactory', kind, key });
          expect(JSON.parse(JSON.stringify(error)).intent.key).toBe(key);
          const [taskId] = startedTaskIds(kind, mark);
          const operation = await error.reconcile();
          expect(operation?.task.id).toBe(taskId);
          expect(operation?.toJSON()).toMatchObject({ vendor: 'sitefactory', kind, taskId, key });
          await expectRightResult(kind, operation as ReconciledOperation, key, taskId as string);
          expect(executions(kind) - before).toBe(1);
          expect(startedTaskIds(kind, mark)).toHaveLength(1);
        });
      }

      for (const drop of DROPPED_BEFORE) {
        it(`before the handler, ${drop.name}: reconcile() is null and one retry executes once`, async () => {
          await prepare(kind);
          const key = nextKey(kind);
          const before = executions(kind);
          env.sim.server.inject({ ...drop.fault, count: 1, match: START_REQUEST[kind] });
          const error = (await start(kind, key).catch((caught: unknown) => caught)) as OmnihostError;
          expect(isOmnihostError(error), String(error)).toBe(true);
          // The request was sent: the client cannot tell this from a reset after the handler, so the outcome is
          // unknown, and the factory's records settle it.
          expect(error.outcome).toBe('unknown');
          expect(await error.reconcile()).toBeNull();
          expect(executions(kind)).toBe(before);
          const retried = await start(kind, key, steady);
          await retried.wait(quick);
          expect(executions(kind) - before).toBe(1);
        });
      }

      it('connection refused: not-started, reconcile() is null without asking, and one retry executes once', async () => {
        await prepare(kind);
        const key = nextKey(kind);
        const before = executions(kind);
        const mark = traffic.length;
        const dead = createSiteFactoryProvider({
          ...env.sim.config,
          baseUrl: deadUrl,
          rateLimit: false,
          retry: { retries: 1, minDelayMs: 5 },
        });
        const error = (await start(kind, key, dead).catch((caught: unknown) => caught)) as OmnihostError;
        expect(isOmnihostError(error), String(error)).toBe(true);
        expect(error.name).toBe('NetworkError');
        expect(error.outcome).toBe('not-started');
        expect(error.intent?.key).toBe(key);
        expect(await error.reconcile()).toBeNull();
        expect(traffic.length).toBe(mark);
        await (await start(kind, key, steady)).wait(quick);
        expect(executions(kind) - before).toBe(1);
      });
    });
  }

  describe('aborts and refusals', () => {
    it('an abort after the start was sent is unknown and reconciled to the one backup; an abort before it is not-started', async () => {
      const key = nextKey('backups.create');
      const before = executions('backups.create');
      env.sim.server.inject({ kind: 'slow', count: 1, match: START_REQUEST['backups.create'] });
      const controller = new AbortController();
      const call = provider.backups.create(prodSite, {
        label: `lost ${key}`,
        idempotencyKey: key,
        signal: controller.signal,
      });
      await until(() => executions('backups.create') > before, 'the factory has taken the backup request');
      controller.abort();
      const error = (await call.catch((caught: unknown) => caught)) as OmnihostError;
      expect(error).toMatchObject({ name: 'AbortError', outcome: 'unknown' });
      const found = (await error.reconcile()) as ReconciledOperation;
      expect(((await found.wait(quick)) as Backup).label).toBe(`lost ${key}`);
      expect(executions('backups.create') - before).toBe(1);

      const mark = traffic.length;
      const early = (await provider.backups
        .create(prodSite, { idempotencyKey: nextKey('backups.create'), signal: AbortSignal.abort() })
        .catch((caught: unknown) => caught)) as OmnihostError;
      expect(early).toMatchObject({ name: 'AbortError', outcome: 'not-started' });
      expect(await early.reconcile()).toBeNull();
      expect(traffic.length).toBe(mark);
    });

    it('a failure before the start request (unknown site, no ref, fromSiteId) is not-started with the intent', async () => {
      const mark = traffic.length;
      const failures = (await Promise.all(
        [
          provider.deploys.deploy('999999', { ref: 'tags/x' }),
          provider.deploys.deploy(stagingSite, { ref: ' ' }),
          provider.deploys.deploy(stagingSite, { fromSiteId: prodSite }),
          provider.backups.restore(prodSite, restorable.id, { components: ['codebase'] }),
        ].map((call) => call.catch((caught: unknown) => caught)),
      )) as OmnihostError[];
      expect(failures.map((error) => [error.name, error.outcome])).toEqual([
        ['NotFoundError', 'not-started'],
        ['ValidationError', 'not-started'],
        ['UnsupportedOperationError', 'not-started'],
        ['ValidationError', 'not-started'],
      ]);
      for (const error of failures) {
        expect(error.intent?.vendor).toBe('sitefactory');
        expect(await error.reconcile()).toBeNull();
      }
      // Only the unknown site was asked about; nothing was started.
      expect(traffic.slice(mark).every((exchange) => exchange.method === 'GET')).toBe(true);
    });
  });

  /** Resolves once `check` holds (the factory has done something the test waits for). */
  async function until(check: () => boolean | Promise<boolean>, what: string) {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((done) => setTimeout(done, 5));
    }
  }
  const hasStarted = async (taskId: string) => (await provider.tasks.get(taskId)).state !== 'queued';

  describe('two starts in flight on one site', () => {
    it('backups.create (exact): each is matched to its own task, whichever is reconciled first', async () => {
      const keys = [nextKey('backups.create'), nextKey('backups.create')] as const;
      const mark = traffic.length;
      env.sim.server.inject({ kind: 'reset-after', count: 2, match: START_REQUEST['backups.create'] });
      const errors = (await Promise.all(
        keys.map((key) => start('backups.create', key).catch((caught: unknown) => caught)),
      )) as OmnihostError[];
      expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
      // Which task each request started, by the label it carried.
      const truth = (key: string) =>
        traffic
          .slice(mark)
          .filter((exchange) => START_REQUEST['backups.create'](exchange) && exchange.bodyText.includes(key))
          .map((exchange) => String((exchange.json as { task_id: number }).task_id));
      const [taskA, taskB] = [truth(keys[0]), truth(keys[1])].map((ids) => {
        expect(ids).toHaveLength(1);
        return ids[0] as string;
      }) as [string, string];
      // Once the archives exist, the key in each label settles the match, even reconciled in reverse order.
      await until(async () => (await hasStarted(taskA)) && (await hasStarted(taskB)), 'both archives are begun');
      const second = await (errors[1] as OmnihostError).reconcile();
      const first = await (errors[0] as OmnihostError).reconcile();
      expect(second?.task.id).toBe(taskB);
      expect(first?.task.id).toBe(taskA);
      expect(((await (first as ReconciledOperation).wait(quick)) as Backup).label).toBe(`lost ${keys[0]}`);
      expect(((await (second as ReconciledOperation).wait(quick)) as Backup).label).toBe(`lost ${keys[1]}`);
    });

    it('backups.restore (heuristic): reconciled in the order they began, each is matched to its own task', async () => {
      const keys = [nextKey('backups.restore'), nextKey('backups.restore')] as const;
      const match = START_REQUEST['backups.restore'];
      const mark = traffic.length;
      // The first restore runs but its answer is late; the second is sent while the first is still in flight.
      env.sim.server.inject({ kind: 'slow', count: 1, match });
      const firstCall = start('backups.restore', keys[0]).catch((caught: unknown) => caught);
      await until(() => startedTaskIds('backups.restore', mark).length === 1, 'the first restore has run');
      env.sim.server.inject({ kind: 'reset-after', count: 1, match });
      const errors = (await Promise.all([
        firstCall,
        start('backups.restore', keys[1]).catch((caught: unknown) => caught),
      ])) as OmnihostError[];
      expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
      const [taskA, taskB] = startedTaskIds('backups.restore', mark);
      const first = await (errors[0] as OmnihostError).reconcile();
      const second = await (errors[1] as OmnihostError).reconcile();
      expect([first?.task.id, second?.task.id]).toEqual([taskA, taskB]);
      expect(((await (second as ReconciledOperation).wait(quick)) as Task).state).toBe('succeeded');
    });

    it('deploys.deploy (heuristic): the factory runs one update; the refused one reconciles to null and is retried once', async () => {
      const keys = [nextKey('deploys.deploy'), nextKey('deploys.deploy')] as const;
      const match = START_REQUEST['deploys.deploy'];
      const before = executions('deploys.deploy');
      const mark = traffic.length;
      // The factory's clock stands still from early in a second until both reconciles are done, so the first
      // update (40 ms) is still running when the second deploy arrives, however loaded the machine is.
      while (Date.now() % 1000 > 500) await new Promise((done) => setTimeout(done, 20));
      heldAt = Date.now();
      let first: ReconciledOperation | null;
      try {
        env.sim.server.inject({ kind: 'slow', count: 1, match });
        const firstCall = start('deploys.deploy', keys[0]).catch((caught: unknown) => caught);
        await until(() => startedTaskIds('deploys.deploy', mark).length === 1, 'the first update has started');
        // The second deploy reaches the factory while the first update runs: refused, and its answer is lost too.
        env.sim.server.inject({ kind: 'server-error-after', status: 502, count: 1, match });
        const errors = (await Promise.all([
          firstCall,
          start('deploys.deploy', keys[1]).catch((caught: unknown) => caught),
        ])) as OmnihostError[];
        expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
        expect(startedTaskIds('deploys.deploy', mark), 'the second deploy was refused').toHaveLength(1);
        first = await (errors[0] as OmnihostError).reconcile();
        expect(first?.task.id).toBe(startedTaskIds('deploys.deploy', mark)[0]);
        expect(await (errors[1] as OmnihostError).reconcile()).toBeNull();
      } finally {
        heldAt = undefined;
      }
      const [update] = startedTaskIds('deploys.deploy', mark);
      expect(((await (first as ReconciledOperation).wait(quick)) as Deployment).id).toBe(update);
      await (await start('deploys.deploy', keys[1], steady)).wait(quick);
      expect(executions('deploys.deploy') - before).toBe(2);
    });
  });

  describe('what a reconcile never adopts', () => {
    it('a task begun before the intent, or one another intent adopted (heuristic)', async () => {
      const [seeded] = await collect(provider.backups.list(otherProdSite), { limit: 1 });
      const backupId = (seeded as Backup).id;
      // Another client's restore: nothing of omnihost's claims it.
      const { task_id } = await provider.raw.call('post_Sites_restoreSite', {
        path: { site_id: Number(otherProdSite) },
        body: { backup_id: Number(backupId) },
      });
      const intentAt = (ms: number) => ({
        ...newIntent('sitefactory', 'backups.restore', { siteId: otherProdSite, backupId }),
        startedAt: new Date(ms).toISOString(),
      });
      expect(await provider.operations.reconcile(intentAt(Date.now() + 2_000))).toBeNull();
      const earlier = await provider.operations.reconcile(intentAt(Date.now() - 5_000));
      expect(earlier?.task.id).toBe(String(task_id));
      expect(await provider.operations.reconcile(intentAt(Date.now() - 5_000))).toBeNull();
    });

    it('a restore that lands moments after the first read is still found (settle); an older intent is answered at once', async () => {
      const site = thirdProdSite;
      const [seeded] = await collect(provider.backups.list(site), { limit: 1 });
      const backupId = (seeded as Backup).id;
      const old = {
        ...newIntent('sitefactory', 'backups.restore', { siteId: site, backupId }),
        startedAt: new Date(Date.now() - 5_000).toISOString(),
      };
      const mark = traffic.length;
      expect(await provider.operations.reconcile(old)).toBeNull();
      // Answered at once: one read of the records, no second look after a settle pause (a wall-clock bound
      // here failed on a loaded CI machine, so the proof is the traffic, not the time).
      const reads = traffic
        .slice(mark)
        .map((exchange) => `${exchange.method} ${exchange.path} ${JSON.stringify(exchange.query)}`);
      expect(reads.length).toBeGreaterThan(0);
      expect(new Set(reads).size).toBe(reads.length);
      // A start that failed just now may still be landing: its task appears after reconcile's first read.
      const intent = newIntent('sitefactory', 'backups.restore', { siteId: site, backupId });
      const before = traffic.length;
      const reconciling = provider.operations.reconcile(intent);
      // Start the restore once reconcile's first read is answered (not after a fixed pause, which a loaded
      // machine can stretch past the 1 s settle).
      await until(() => traffic.length > before, "reconcile's first read");
      const { task_id } = await provider.raw.call('post_Sites_restoreSite', {
        path: { site_id: Number(site) },
        body: { backup_id: Number(backupId) },
      });
      expect((await reconciling)?.task.id).toBe(String(task_id));
    });

    it("another client's backup, whose label carries no key (exact)", async () => {
      const intent = {
        ...newIntent('sitefactory', 'backups.create', { siteId: otherProdSite }),
        startedAt: new Date(Date.now() - 5_000).toISOString(),
      };
      const { task_id } = await provider.raw.call('post_Sites_backupSite', {
        path: { site_id: Number(otherProdSite) },
        body: { label: 'taken by hand' },
      });
      await until(() => hasStarted(String(task_id)), 'the archive is begun');
      expect(await provider.operations.reconcile(intent)).toBeNull();
    });

    it('a start with a malformed key rejects (never throws synchronously) and sends nothing', async () => {
      const mark = traffic.length;
      const call = provider.backups.create(prodSite, { idempotencyKey: 'not a key' });
      await expect(call).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(provider.backups.delete(prodSite, '1', { idempotencyKey: '' })).rejects.toMatchObject({
        name: 'ValidationError',
      });
      expect(traffic.length).toBe(mark);
    });

    it('an intent of another vendor, or a malformed one, is refused as invalid', async () => {
      const other = newIntent('acquia', 'backups.create', { siteId: prodSite });
      await expect(provider.operations.reconcile(other)).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(
        provider.operations.resume({ ...(await provider.backups.create(prodSite)).toJSON(), taskId: 'x' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });

  it('claims are per factory: the same task id on another factory does not hide a lost restore (heuristic)', async () => {
    const twins = await Promise.all([0, 1].map(() => startRecorded({ taskDurationMs: 20, seed: 77 })));
    try {
      const [a, b] = twins as [Recorded, Recorded];
      const onA = createSiteFactoryProvider({ ...a.sim.config, rateLimit: false, timeoutMs: TIMEOUT_MS });
      const restoreOn = async (on: SiteFactoryProvider, key: string) => {
        const [site] = await collect(on.sites.list({ environment: 'prod' }), { limit: 1 });
        const [backup] = await collect(on.backups.list((site as { id: string }).id), { limit: 1 });
        return on.backups.restore((site as { id: string }).id, (backup as Backup).id, { idempotencyKey: key });
      };
      // Factory B's restore succeeds and holds its task for its key.
      const onB = await restoreOn(b.provider, 'twin-b');
      // Factory A's restore runs, and its answer is lost.
      a.sim.server.inject({ kind: 'reset-after', count: 1, match: START_REQUEST['backups.restore'] });
      const lost = (await restoreOn(onA, 'twin-a').catch((caught: unknown) => caught)) as OmnihostError;
      expect(lost.outcome).toBe('unknown');
      const [taskOnA] = a.exchanges
        .filter((exchange) => START_REQUEST['backups.restore'](exchange) && exchange.status === 200)
        .map((exchange) => String((exchange.json as { task_id: number }).task_id));
      // The two factories numbered their tasks alike: the same id is a different task on each.
      expect(taskOnA).toBe(onB.task.id);
      expect((await lost.reconcile())?.task.id).toBe(taskOnA);
      expect(a.sim.server.stats().executions['backup.restore']).toBe(1);
    } finally {
      await Promise.all(twins.map((twin) => twin.sim.close()));
    }
  });

  it("a factory whose clock runs 30 s behind: a lost start is still found, on the factory's clock (Date header)", async () => {
    const behind = await startRecorded({ taskDurationMs: 20, seed: 78, clock: { now: () => Date.now() - 30_000 } });
    try {
      const on = createSiteFactoryProvider({ ...behind.sim.config, rateLimit: false, timeoutMs: TIMEOUT_MS });
      const sites = await collect(on.sites.list(), { limit: 100 });
      const prod = (sites.find((site) => site.environment === 'prod') as { id: string }).id;
      const staging = (sites.find((site) => site.environment === 'staging') as { id: string }).id;
      const [backup] = await collect(on.backups.list(prod), { limit: 1 });
      const starts: [StartKind, () => Promise<unknown>][] = [
        ['backups.create', () => on.backups.create(prod, { label: 'skewed', idempotencyKey: 'skew-create' })],
        ['backups.restore', () => on.backups.restore(prod, (backup as Backup).id, { idempotencyKey: 'skew-restore' })],
        ['deploys.deploy', () => on.deploys.deploy(staging, { ref: 'tags/skew', idempotencyKey: 'skew-deploy' })],
      ];
      for (const [kind, begin] of starts) {
        const mark = behind.exchanges.length;
        behind.sim.server.inject({ kind: 'reset-after', count: 1, match: START_REQUEST[kind] });
        const error = (await begin().catch((caught: unknown) => caught)) as OmnihostError;
        expect(error.outcome).toBe('unknown');
        const [taskId] = behind.exchanges
          .slice(mark)
          .filter((exchange) => START_REQUEST[kind](exchange) && exchange.status === 200)
          .map((exchange) => String((exchange.json as { task_id: number }).task_id));
        const found = await error.reconcile();
        expect(found?.task.id, kind).toBe(taskId);
        await (found as ReconciledOperation).wait(quick);
      }
    } finally {
      await behind.sim.close();
    }
  });

  it('capabilities say how sure each match is', () => {
    expect(siteFactoryCapabilities.operations.reconcile).toEqual({
      'backups.create': 'exact',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    });
  });

  it('toJSON → resume in a second process finishes the wait, also for a start found by reconcile', async () => {
    const lostKey = nextKey('backups.create');
    env.sim.server.inject({
      kind: 'server-error-after',
      status: 504,
      count: 1,
      match: START_REQUEST['backups.create'],
    });
    const lost = (await start('backups.create', lostKey).catch((caught: unknown) => caught)) as OmnihostError;
    const found = (await lost.reconcile()) as ReconciledOperation;
    const operations = [
      found,
      await steady.backups.create(prodSite, { label: 'resumed elsewhere' }),
      await steady.backups.restore(prodSite, restorable.id),
      await steady.deploys.deploy(stagingSite, { ref: 'tags/2.16.0' }),
    ];
    const jsons = operations.map((operation) => JSON.parse(JSON.stringify(operation.toJSON())));
    const child = await runChild(JSON.stringify(jsons), JSON.stringify({ ...env.sim.config }));
    expect(child.code, child.stderr).toBe(0);
    const resumed = JSON.parse(child.stdout.trim()) as {
      kind: string;
      taskId: string;
      id: string;
      state: string;
      label?: string;
    }[];
    const here = (await Promise.all(operations.map((operation) => operation.wait(quick)))) as {
      id: string;
      state: string;
      label?: string;
    }[];
    expect(resumed.map((item) => item.kind)).toEqual([
      'backups.create',
      'backups.create',
      'backups.restore',
      'deploys.deploy',
    ]);
    expect(resumed.map((item) => item.taskId)).toEqual(operations.map((operation) => operation.task.id));
    expect(resumed.map(({ id, state, label }) => ({ id, state, label }))).toEqual(
      here.map(({ id, state, label }) => ({ id, state, label })),
    );
    expect(resumed[0]?.label).toBe(`lost ${lostKey}`);
    expect(resumed[1]?.label).toBe('resumed elsewhere');
  });
});

/**
 * Several archive tasks of one site in one factory second, built on purpose on a manual clock (the situation a
 * fast factory, or tests in a row, make by chance): whole-second times cannot tell these tasks apart.
 */
describe('sitefactory: archive tasks of one site in the same second (manual clock)', () => {
  const clock = manualClock(Math.ceil(Date.now() / 1000) * 1000 + 100);
  const exchanges: SiteFactoryExchange[] = [];
  /** Runs after each exchange the simulator answered (before the answer is sent). */
  let afterExchange: ((exchange: SiteFactoryExchange) => void) | undefined;
  let sim: SiteFactorySimulator;
  let on: SiteFactoryProvider;
  let site: string;

  beforeAll(async () => {
    sim = await startSiteFactorySimulator({
      rateLimit: false,
      taskDurationMs: 40,
      seed: 79,
      clock,
      onExchange: (exchange) => {
        exchanges.push(exchange);
        afterExchange?.(exchange);
      },
    });
    // Answers are lost by resets here: the default timeout keeps a loaded machine from losing others.
    on = createSiteFactoryProvider({ ...sim.config, rateLimit: false, retry: { minDelayMs: 10 } });
    const [prod] = await collect(on.sites.list({ environment: 'prod' }), { limit: 1 });
    site = (prod as { id: string }).id;
  });
  afterAll(() => sim?.close());

  /**
   * Moves the factory's clock to 100 ms into a second of its own, never backwards, close to this process's
   * time (so the `Date` header shows no skew worth correcting).
   */
  function freshSecond(): number {
    const second = Math.max(Math.ceil(Date.now() / 1000), Math.floor(clock.now() / 1000) + 1);
    clock.set(second * 1000 + 100);
    return second;
  }

  const archiveTaskIds = (mark: number) =>
    exchanges
      .slice(mark)
      .filter((exchange) => START_REQUEST['backups.create'](exchange) && exchange.status === 200)
      .map((exchange) => String((exchange.json as { task_id: number }).task_id));

  /**
   * A `backups.create` whose connection is reset after the factory took it. Its intent is returned dated on
   * the factory's clock: this process's clock and the manual one are apart by up to a second, which the
   * `Date` header cannot tell, and the test is about tasks within one second.
   */
  async function lostCreate(key: string, label: string) {
    const mark = exchanges.length;
    const at = clock.now();
    sim.server.inject({ kind: 'reset-after', count: 1, match: START_REQUEST['backups.create'] });
    const error = (await on.backups
      .create(site, { label, idempotencyKey: key })
      .catch((caught: unknown) => caught)) as OmnihostError;
    expect(error.outcome).toBe('unknown');
    const [taskId] = archiveTaskIds(mark);
    return { intent: { ...(error.intent as StartIntent), startedAt: new Date(at).toISOString() }, taskId };
  }

  /** Advances the factory's clock by `ms` right after the reconcile's first read of the work pool. */
  function raceAfterPoolRead(ms: number): () => boolean {
    let raced = false;
    afterExchange = (exchange) => {
      if (!raced && exchange.method === 'GET' && exchange.path === '/api/v1/tasks') {
        raced = true;
        clock.advance(ms);
      }
    };
    return () => {
      afterExchange = undefined;
      return raced;
    };
  }

  it('no archive carries the key: a task that succeeded in the intent second is never adopted, a queued one is', async () => {
    freshSecond();
    // Another process's two backups (their keys in the labels, no claim in this process), ended within the
    // second: each task's run covers both archives, so neither pairing is sure.
    const others = await Promise.all(
      ['elsewhere-1', 'elsewhere-2'].map((key) =>
        on.raw.call('post_Sites_backupSite', {
          path: { site_id: Number(site) },
          body: { label: withIdempotencyKey('other process', key) },
        }),
      ),
    );
    clock.advance(50);
    for (const { task_id } of others) expect((await on.tasks.get(String(task_id))).state).toBe('succeeded');
    // A start dropped before the handler: nothing of it is in the factory.
    const dropped = {
      ...newIntent('sitefactory', 'backups.create', { siteId: site }),
      startedAt: new Date(clock.now()).toISOString(),
    };
    expect(await on.operations.reconcile(dropped)).toBeNull();
    // A start that ran, still queued (no archive yet), in the same second: its task, not a finished one.
    const { intent, taskId } = await lostCreate('same-second-queued', 'queued');
    expect((await on.operations.reconcile(intent))?.task.id).toBe(taskId);
  });

  it('the keyed archive is listed while its task was queued at the pool read: that task, never an earlier held one', async () => {
    freshSecond();
    // An earlier start in the same second succeeds and holds its task.
    const first = await on.backups.create(site, { label: 'first', idempotencyKey: 'same-second-first' });
    clock.advance(50);
    expect((await on.tasks.get(first.task.id)).state).toBe('succeeded');
    const { intent, taskId } = await lostCreate('same-second-second', 'second');
    // The reconcile reads the pool (the task queued), then the factory starts it and writes the keyed archive
    // before the archive list is read.
    const raced = raceAfterPoolRead(10);
    const found = await on.operations.reconcile(intent);
    expect(raced()).toBe(true);
    expect(found?.task.id).toBe(taskId);
    clock.advance(100);
    expect(((await (found as ReconciledOperation).wait(quick)) as Backup).label).toBe('second');
  });

  it('the keyed archive is listed while its task was queued: never a free task added before the intent', async () => {
    const second = freshSecond();
    // Another client's backup, added in the second before the intent, still running across the intent's second.
    clock.set(second * 1000 - 10);
    const { task_id: older } = await on.raw.call('post_Sites_backupSite', {
      path: { site_id: Number(site) },
      body: { label: 'taken by hand' },
    });
    clock.set(second * 1000 + 5);
    expect((await on.tasks.get(String(older))).state).toBe('running');
    const { intent, taskId } = await lostCreate('after-the-older', 'after');
    const raced = raceAfterPoolRead(10);
    const found = await on.operations.reconcile(intent);
    expect(raced()).toBe(true);
    expect(found?.task.id).toBe(taskId);
    clock.advance(100);
    expect(((await (found as ReconciledOperation).wait(quick)) as Backup).label).toBe('after');
  });
});

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** Runs the resume child (test/support/resume-child.ts) in its own node process. */
function runChild(operations: string, config: string) {
  return runTsxChild(CHILD, { args: [operations], env: { SITEFACTORY_RESUME_CONFIG: config }, timeoutMs: 60_000 });
}

checkTrafficAgainstSpec('operations', () => traffic);
