/**
 * Issue 15 for Acquia (src/services/operations.ts), over real HTTP against the simulator: every start call whose
 * answer is lost after the simulator executed it (a reset, a 500/502/503/504, an answer after `timeoutMs`) is
 * marked `unknown`, `err.reconcile()` finds the notification it started among the application's notifications,
 * and `wait()` resolves to the right backup, task or deployment, with exactly one execution; a start that never
 * reached the handler reconciles to `null`, and one retry executes once. Acquia keeps no key, so these matches are
 * heuristic: the tests also pin what the heuristic must never do (adopt an older task, or one task twice).
 */
import {
  type Backup,
  collect,
  type Deployment,
  isOmnihostError,
  type OmnihostError,
  type Operation,
  type ReconciledOperation,
  type Site,
  type StartIntent,
  type Task,
  ValidationError,
} from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/free-port.js';
import { type AcquiaProvider, acquiaCapabilities, createAcquiaProvider } from '../../src/index.js';
import { startAcquiaSimulator } from '../../src/testing/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 30, maxIntervalMs: 120 };
/** The client gives up after this long; a `slow` answer comes after {@link SLOW_MS}, once the handler ran. */
const CLIENT_TIMEOUT_MS = 400;
const SLOW_MS = 900;

type StartKindName = 'backups.create' | 'backups.restore' | 'backups.delete' | 'deploys.deploy';

/** What the simulator counts under each start kind (`recordExecution`). */
const EXECUTION: Record<StartKindName, string> = {
  'backups.create': 'backup',
  'backups.restore': 'restore',
  'backups.delete': 'backup-delete',
  'deploys.deploy': 'deploy',
};

/** The error of a call that was expected to fail. */
async function failureOf(promise: Promise<unknown>): Promise<OmnihostError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isOmnihostError(error), `expected an omnihost error, got ${String(error)}`).toBe(true);
  return error as OmnihostError;
}

describe('acquia: a start whose answer was lost is found again, never repeated', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let impatient: AcquiaProvider;
  let sites: Site[];
  /** Sites handed out one per test, so each test reads a quiet environment. */
  let nextSite = 0;

  beforeAll(async () => {
    recorded = await startRecordedSimulator(log, { seed: 15, taskDurationMs: 60, siteCount: 48 });
    acquia = recorded.provider();
    impatient = recorded.provider({ timeoutMs: CLIENT_TIMEOUT_MS });
    sites = await collect(acquia.sites.list(), { limit: 100 });
    // Sets the delay of scripted `slow` answers; no random faults.
    recorded.sim.server.setRandomFaults({ rate: 0, slowMs: SLOW_MS });
  });
  afterAll(() => recorded?.close());

  const freshSite = () => sites[nextSite++ % sites.length] as Site;
  const executions = (kind: StartKindName) => recorded.sim.server.stats().executions[EXECUTION[kind]] ?? 0;
  const backupsOf = async (site: Site) => collect(acquia.backups.list(site.id), { limit: 100 });

  /** The notifications of one event the simulator holds for an environment, newest first. */
  async function notificationsOf(site: Site, event: string): Promise<string[]> {
    const application = site.id.slice(site.id.indexOf('-') + 1);
    const { data } = await acquia.raw.request('getApplicationNotifications', {
      path: { applicationUuid: application },
      query: { filter: `event=${event}`, sort: '-created_at', limit: 100 },
    });
    const items = (data as { _embedded: { items: { uuid: string; context?: { environment?: { ids?: string[] } } }[] } })
      ._embedded.items;
    return items.filter((item) => item.context?.environment?.ids?.includes(site.id)).map((item) => item.uuid);
  }

  /**
   * One start call on a fresh site: how to send it (with a provider and an optional key), which request is the
   * start (for the fault), the notification event, and how to check the result `wait()` resolved to.
   */
  interface Scenario {
    readonly site: Site;
    readonly event: string;
    start(provider: AcquiaProvider, key?: string): Promise<Operation<unknown>>;
    isStart(request: { method: string; path: string }): boolean;
    check(result: unknown): Promise<void>;
  }

  async function scenario(kind: StartKindName): Promise<Scenario> {
    const site = freshSite();
    const environmentPath = `/api/environments/${site.id}`;
    const options = (key: string | undefined) => (key ? { idempotencyKey: key } : {});
    switch (kind) {
      case 'backups.create': {
        const before = new Set((await backupsOf(site)).map((backup) => backup.id));
        return {
          site,
          event: 'DatabaseBackupCreated',
          start: (provider, key) => provider.backups.create(site.id, options(key)),
          isStart: (request) =>
            request.method === 'POST' && request.path.startsWith(environmentPath) && request.path.endsWith('/backups'),
          async check(result) {
            const backup = result as Backup;
            expect(backup).toMatchObject({ vendor: 'acquia', siteId: site.id, state: 'completed', trigger: 'manual' });
            const after = await backupsOf(site);
            // Exactly one new backup, and it is the one wait() resolved to.
            expect(after.filter((item) => !before.has(item.id)).map((item) => item.id)).toEqual([backup.id]);
          },
        };
      }
      case 'backups.restore': {
        const [newest] = await backupsOf(site);
        const backupId = (newest as Backup).id;
        return {
          site,
          event: 'DatabaseBackupRestored',
          start: (provider, key) => provider.backups.restore(site.id, backupId, options(key)),
          isStart: (request) =>
            request.method === 'POST' &&
            request.path.startsWith(environmentPath) &&
            request.path.endsWith('/actions/restore'),
          async check(result) {
            expect(result as Task).toMatchObject({
              vendor: 'acquia',
              state: 'succeeded',
              kind: 'DatabaseBackupRestored',
            });
          },
        };
      }
      case 'backups.delete': {
        const listed = await backupsOf(site);
        const backupId = (listed[listed.length - 1] as Backup).id;
        return {
          site,
          event: 'DatabaseBackupDeleted',
          start: (provider, key) => provider.backups.delete(site.id, backupId, options(key)),
          isStart: (request) => request.method === 'DELETE' && request.path.startsWith(environmentPath),
          async check(result) {
            expect(result as Task).toMatchObject({
              vendor: 'acquia',
              state: 'succeeded',
              kind: 'DatabaseBackupDeleted',
            });
            expect((await backupsOf(site)).map((backup) => backup.id)).not.toContain(backupId);
          },
        };
      }
      case 'deploys.deploy': {
        const ref = `release-${nextSite}`;
        return {
          site,
          event: 'CodeSwitched',
          start: (provider, key) => provider.deploys.deploy(site.id, { ref, ...options(key) }),
          isStart: (request) => request.method === 'POST' && request.path === `${environmentPath}/code/actions/switch`,
          async check(result) {
            expect(result as Deployment).toMatchObject({ vendor: 'acquia', siteId: site.id, ref, state: 'succeeded' });
            const environment = (await acquia.sites.get(site.id)).raw as { vcs: { path: string } };
            expect(environment.vcs.path).toBe(ref);
          },
        };
      }
    }
  }

  const KINDS: StartKindName[] = ['backups.create', 'backups.restore', 'backups.delete', 'deploys.deploy'];
  const AFTER_EXECUTION = [
    ['the connection is reset', { kind: 'reset-after' }],
    ['a 500 answers', { kind: 'server-error-after', status: 500 }],
    ['a 502 answers', { kind: 'server-error-after', status: 502 }],
    ['a 503 answers', { kind: 'server-error-after', status: 503 }],
    ['a 504 answers', { kind: 'server-error-after', status: 504 }],
    ['the answer comes after timeoutMs', { kind: 'slow' }],
  ] as const;

  it('says every start is reconciled heuristically: Acquia keeps no key with any of them', () => {
    expect(acquiaCapabilities.operations.reconcile).toEqual({
      'backups.create': 'heuristic',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    });
  });

  describe.each(KINDS)('%s', (kind) => {
    it.each(AFTER_EXECUTION)(
      'after execution, %s: unknown, reconcile() finds the start, wait() gives its result, one execution',
      async (_, fault) => {
        const started = await scenario(kind);
        const executed = executions(kind);
        recorded.sim.server.inject({ ...fault, match: started.isStart });
        const provider = fault.kind === 'slow' ? impatient : acquia;
        const error = await failureOf(
          started.start(provider, `after-${kind}-${fault.kind}-${'status' in fault ? fault.status : 0}`),
        );

        expect(error.outcome).toBe('unknown');
        expect(error.intent).toMatchObject({ vendor: 'acquia', kind, siteId: started.site.id });
        expect(JSON.parse(JSON.stringify(error)).intent.key).toBe(error.intent?.key);
        expect(executions(kind)).toBe(executed + 1);

        const operation = (await error.reconcile()) as ReconciledOperation;
        expect(operation).not.toBeNull();
        // The notification the simulator started for this call, and no other.
        expect(await notificationsOf(started.site, started.event)).toEqual([operation.task.id]);
        expect(operation.toJSON()).toMatchObject({
          vendor: 'acquia',
          kind,
          siteId: started.site.id,
          taskId: operation.task.id,
          key: error.intent?.key,
        });
        await started.check(await operation.wait(fast));
        expect(executions(kind)).toBe(executed + 1);
      },
    );

    it('before reaching the vendor, the connection refused: not-started, reconcile() is null, one retry executes once', async () => {
      const started = await scenario(kind);
      const executed = executions(kind);
      const closedPort = await freePort();
      // The API is down (nothing listens), the accounts server is up: the start request itself is refused.
      const down = createAcquiaProvider({
        ...recorded.config,
        baseUrl: `http://127.0.0.1:${closedPort}/api`,
        rateLimit: false,
        retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 },
      });
      const error = await failureOf(started.start(down, `refused-${kind}`));
      expect(error.name).toBe('NetworkError');
      expect(error.outcome).toBe('not-started');
      expect(error.intent?.kind).toBe(kind);
      expect(await error.reconcile()).toBeNull();

      const retried = await started.start(acquia, error.intent?.key);
      await started.check(await retried.wait(fast));
      expect(executions(kind)).toBe(executed + 1);
    });

    it.each([
      ['the connection is dropped before the handler', { kind: 'reset' }],
      ['a 503 answers before the handler', { kind: 'server-error', status: 503 }],
    ] as const)(
      '%s: the vendor shows nothing started, reconcile() is null, one retry executes once',
      async (_, fault) => {
        const started = await scenario(kind);
        const executed = executions(kind);
        recorded.sim.server.inject({ ...fault, match: started.isStart });
        const error = await failureOf(started.start(acquia, `before-${kind}-${fault.kind}`));
        // The client cannot tell a drop before the handler from one after it (core's rule): unknown, until the
        // vendor's records show nothing started.
        expect(error.outcome).toBe('unknown');
        expect(executions(kind)).toBe(executed);
        expect(await error.reconcile()).toBeNull();

        const retried = await started.start(acquia, error.intent?.key);
        await started.check(await retried.wait(fast));
        expect(executions(kind)).toBe(executed + 1);
      },
    );
  });

  describe('concurrent starts on one site, each with its own key, both answers lost', () => {
    it('two backups: each intent adopts a task of its own, and each wait() a backup of its own', async () => {
      const started = await scenario('backups.create');
      recorded.sim.server.inject({ kind: 'reset-after', count: 2, match: started.isStart });
      const errors = await Promise.all([failureOf(started.start(acquia)), failureOf(started.start(acquia))]);
      expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
      const operations = (await Promise.all(errors.map((error) => error.reconcile()))) as ReconciledOperation[];
      const taskIds = operations.map((operation) => operation.task.id);
      expect(new Set(taskIds).size).toBe(2);
      expect(new Set(await notificationsOf(started.site, started.event))).toEqual(new Set(taskIds));
      const backups = (await Promise.all(operations.map((operation) => operation.wait(fast)))) as Backup[];
      expect(new Set(backups.map((backup) => backup.id)).size).toBe(2);
      // Asked again, each intent keeps what it adopted.
      expect((await errors[0]?.reconcile())?.task.id).toBe(taskIds[0]);
    });

    it('two code switches to different refs: each intent adopts the switch to its own ref', async () => {
      const site = freshSite();
      const isSwitch = (request: { method: string; path: string }) =>
        request.method === 'POST' && request.path === `/api/environments/${site.id}/code/actions/switch`;
      recorded.sim.server.inject({ kind: 'server-error-after', status: 502, count: 2, match: isSwitch });
      const refs = ['feature/one', 'feature/two'];
      const errors = await Promise.all(refs.map((ref) => failureOf(acquia.deploys.deploy(site.id, { ref }))));
      // Reconciled in the opposite order to the starts: the match must not depend on who asks first.
      const operations = (
        await Promise.all([...errors].reverse().map((error) => error.reconcile()))
      ).reverse() as ReconciledOperation[];
      expect(new Set(operations.map((operation) => operation.task.id)).size).toBe(2);
      operations.forEach((operation, index) => {
        expect((operation.task.raw as { description: string }).description).toContain(refs[index]);
      });
      const deployments = (await Promise.all(operations.map((operation) => operation.wait(fast)))) as Deployment[];
      expect(deployments.map((deployment) => deployment.ref)).toEqual(refs);
    });

    it('two deletes of different backups: each intent adopts a delete task of its own, and both backups go', async () => {
      const site = freshSite();
      const [, second, third] = await backupsOf(site);
      const ids = [(second as Backup).id, (third as Backup).id];
      const isDelete = (request: { method: string; path: string }) =>
        request.method === 'DELETE' && request.path.startsWith(`/api/environments/${site.id}/`);
      recorded.sim.server.inject({ kind: 'slow', count: 2, match: isDelete });
      const errors = await Promise.all(ids.map((id) => failureOf(impatient.backups.delete(site.id, id))));
      expect(errors.map((error) => [error.name, error.outcome])).toEqual([
        ['TimeoutError', 'unknown'],
        ['TimeoutError', 'unknown'],
      ]);
      const operations = (await Promise.all(errors.map((error) => error.reconcile()))) as ReconciledOperation[];
      expect(new Set(operations.map((operation) => operation.task.id)).size).toBe(2);
      await Promise.all(operations.map((operation) => operation.wait(fast)));
      const left = (await backupsOf(site)).map((backup) => backup.id);
      expect(left.filter((id) => ids.includes(id))).toEqual([]);
    });

    it('one answer received, then one lost in the same second: the lost one never adopts the task the other was told of', async () => {
      const started = await scenario('backups.restore');
      let starts = 0;
      // The second start's answer is lost; the first one's arrives.
      recorded.sim.server.inject({
        kind: 'reset-after',
        match: (request) => started.isStart(request) && ++starts === 2,
      });
      await untilNextSecond();
      const told = await started.start(acquia);
      const error = await failureOf(started.start(acquia));
      const adopted = await error.reconcile();
      const both = await notificationsOf(started.site, started.event);
      expect(both).toHaveLength(2);
      expect(adopted?.task.id).toBeDefined();
      expect(adopted?.task.id).not.toBe(told.task.id);
      expect(both).toContain(adopted?.task.id);
    });
  });

  describe('aborted by the caller', () => {
    it('after the start was sent: unknown, and reconcile() finds what it started', async () => {
      const started = await scenario('backups.create');
      const executed = executions('backups.create');
      recorded.sim.server.inject({ kind: 'slow', match: started.isStart });
      const controller = new AbortController();
      const pending = failureOf(acquia.backups.create(started.site.id, { signal: controller.signal }));
      // The handler ran; its answer is on its way (after SLOW_MS) when the caller gives up.
      await waitUntil(() => executions('backups.create') === executed + 1);
      controller.abort();
      const error = await pending;
      expect([error.name, error.outcome]).toEqual(['AbortError', 'unknown']);
      const operation = (await error.reconcile()) as ReconciledOperation;
      await started.check(await operation.wait(fast));
      expect(executions('backups.create')).toBe(executed + 1);
    });

    it('before anything was sent: not-started, reconcile() is null, nothing ran', async () => {
      const started = await scenario('deploys.deploy');
      const executed = executions('deploys.deploy');
      const error = await failureOf(
        acquia.deploys.deploy(started.site.id, { ref: 'main', signal: AbortSignal.abort() }),
      );
      expect([error.name, error.outcome]).toEqual(['AbortError', 'not-started']);
      expect(await error.reconcile()).toBeNull();
      expect(executions('deploys.deploy')).toBe(executed);
    });
  });

  describe('what the heuristic never does', () => {
    it('never adopts a task that began before the intent (another client’s, in an earlier second)', async () => {
      const site = freshSite();
      const application = site.id.slice(site.id.indexOf('-') + 1);
      // Another client switches the code, outside this provider (no claim).
      await acquia.raw.request('postEnvironmentsSwitchCode', {
        path: { environmentId: site.id },
        body: { branch: 'main' },
      });
      await untilNextSecond();
      const isSwitch = (request: { method: string; path: string }) =>
        request.method === 'POST' && request.path === `/api/environments/${site.id}/code/actions/switch`;
      recorded.sim.server.inject({ kind: 'reset', match: isSwitch });
      const error = await failureOf(acquia.deploys.deploy(site.id, { ref: 'main' }));
      expect(error.outcome).toBe('unknown');
      expect(await error.reconcile()).toBeNull();
      const { data } = await acquia.raw.request('getApplicationNotifications', {
        path: { applicationUuid: application },
        query: { filter: 'event=CodeSwitched' },
      });
      expect((data as { _embedded: { items: unknown[] } })._embedded.items.length).toBeGreaterThan(0);
    });

    it('an intent reconciled from its JSON (another process) finds the same start', async () => {
      const started = await scenario('deploys.deploy');
      recorded.sim.server.inject({ kind: 'reset-after', match: started.isStart });
      const error = await failureOf(started.start(acquia));
      const intent = JSON.parse(JSON.stringify(error.intent)) as StartIntent;
      const fresh = recorded.provider();
      const operation = await fresh.operations.reconcile(intent);
      expect(operation?.task.id).toEqual((await notificationsOf(started.site, started.event))[0]);
      await started.check(await operation?.wait(fast));
    });

    it('refuses an intent or operation JSON that is not Acquia’s, before asking anything', async () => {
      const intent = {
        vendor: 'onapp',
        kind: 'backups.create',
        key: 'k',
        startedAt: new Date().toISOString(),
        siteId: '1',
      } as const;
      await expect(acquia.operations.reconcile(intent)).rejects.toBeInstanceOf(ValidationError);
      await expect(
        acquia.operations.reconcile({ ...intent, vendor: 'acquia', kind: 'deploys.deploy' }),
      ).rejects.toBeInstanceOf(ValidationError);
      const json = {
        vendor: 'acquia',
        kind: 'backups.restore',
        siteId: freshSite().id,
        taskId: 'not-a-uuid',
        key: 'k',
        startedAt: new Date().toISOString(),
      } as const;
      await expect(acquia.operations.resume(json)).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(acquia.operations.resume({ ...json, startedAt: 'yesterday' })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });

  it('ran no start twice under one key', () => {
    expect(recorded.sim.server.stats().duplicateExecutions).toEqual([]);
    expect(recorded.sim.server.stats().handlerErrors).toBe(0);
  });
});

describe('acquia: a reconcile reads the start on Acquia’s clock when the two clocks clearly differ', () => {
  /** A simulator whose clock runs `offsetMs` off this machine's, as a real server's may (its `Date` header says so). */
  async function skewed(offsetMs: number) {
    const sim = await startAcquiaSimulator({
      rateLimit: false,
      seed: 16,
      taskDurationMs: 60,
      siteCount: 4,
      clock: { now: () => Date.now() + offsetMs },
    });
    const provider = createAcquiaProvider({
      ...sim.config,
      rateLimit: false,
      retry: { minDelayMs: 10, maxDelayMs: 50 },
    });
    const [site] = await collect(provider.sites.list(), { limit: 10 });
    return { sim, provider, site: site as Site };
  }
  const switchOf = (site: Site) => (request: { method: string; path: string }) =>
    request.method === 'POST' && request.path === `/api/environments/${site.id}/code/actions/switch`;

  it('Acquia ten minutes behind: the lost start is still found (its created_at is before the client’s start time)', async () => {
    const { sim, provider, site } = await skewed(-600_000);
    try {
      sim.server.inject({ kind: 'reset-after', match: switchOf(site) });
      const error = await failureOf(provider.deploys.deploy(site.id, { ref: 'skewed-behind' }));
      const operation = await error.reconcile();
      expect(operation).not.toBeNull();
      expect(await operation?.wait(fast)).toMatchObject({ ref: 'skewed-behind', state: 'succeeded' });
      expect(sim.server.stats().executions.deploy).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('Acquia ten minutes ahead: an older switch (stamped after the client’s start time) is never adopted', async () => {
    const { sim, provider, site } = await skewed(600_000);
    try {
      // Another client's switch, outside this provider (no claim), a second before the lost start.
      await provider.raw.request('postEnvironmentsSwitchCode', {
        path: { environmentId: site.id },
        body: { branch: 'main' },
      });
      await untilNextSecond();
      sim.server.inject({ kind: 'reset', match: switchOf(site) });
      const error = await failureOf(provider.deploys.deploy(site.id, { ref: 'main' }));
      expect(await error.reconcile()).toBeNull();
    } finally {
      await sim.close();
    }
  });
});

/** Polls `condition` every 10 ms, for at most 5 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits into the next whole second, so a task started before is in an earlier second of Acquia's timestamps. */
async function untilNextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

specFidelitySuite('services/operations.test.ts', log);
