/**
 * Issue 15 on OnApp, over real HTTP against the simulator: every start call whose answer is lost after the
 * panel ran it (reset, 500/502/503/504, an answer after `timeoutMs`) fails `outcome: 'unknown'` with its
 * intent, `err.reconcile()` finds the work from the panel's records, and its `wait()` resolves to the right
 * backup, task or deployment, with the work done exactly once; a start that never reached the panel is found
 * to have started nothing and one retry runs it once; concurrent starts are each matched to their own work;
 * `toJSON` → `resume` finishes the same wait.
 */
import {
  type Backup,
  collect,
  type Deployment,
  isOmnihostError,
  type OmnihostError,
  type Operation,
  type OperationJSON,
  type ReconciledOperation,
  type Site,
  type StartIntent,
  type StartKind,
  type Task,
  type TaskClaims,
  TaskFailedError,
  ValidationError,
} from '@omnihost/core';
import type { ScriptedFault } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppFormat, type OnAppProvider } from '../../src/index.js';
import { type OnAppSimulator, startOnAppSimulator } from '../../src/testing/index.js';
import { FAST, useSimulatedPanel } from '../support/harness.js';

/** The client gives up after this; a `slow` answer comes after `SLOW_MS` (the handler has run by then). */
const TIMEOUT_MS = 1_000;
const SLOW_MS = 1_600;

/** Only the start request itself is faulted (every other call of these flows is a GET). */
const startRequest = (request: { method: string }) => request.method !== 'GET';

/** Mutations the panel ran (the simulator's execution counter, every kind). */
function executions(sim: OnAppSimulator): number {
  return Object.values(sim.server.stats().executions).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** The intent a start's error carries. */
function intentOf(error: OmnihostError): StartIntent {
  if (!error.intent) throw new Error(`no intent on ${error.name}: ${error.message}`);
  return error.intent;
}

/** A fresh claims store: what a second process (or another worker) reconciling the same panel would hold. */
function freshClaims(): TaskClaims {
  const held = new Map<string, string>();
  return {
    async claim(vendor, taskId, key) {
      const id = `${vendor}|${taskId}`;
      const holder = held.get(id);
      if (holder !== undefined) return holder === key;
      held.set(id, key);
      return true;
    },
  };
}

interface StartCase {
  readonly kind: StartKind;
  /** Starts the call on `site` (set up anything it needs first, outside the faulted request). */
  prepare(provider: OnAppProvider, sim: OnAppSimulator, site: Site): Promise<() => Promise<Operation<unknown>>>;
  /** Checks what `wait()` resolved to, and that the panel's record is this start's. */
  check(
    result: unknown,
    context: { sim: OnAppSimulator; provider: OnAppProvider; site: Site; key: string },
  ): void | Promise<void>;
}

/** A built backup of the site (seeded, or taken now and waited for). */
async function builtBackup(provider: OnAppProvider, site: Site, fresh: boolean): Promise<Backup> {
  if (fresh) return (await provider.backups.create(site.id, { label: 'to-delete' })).wait(FAST);
  const backups = await collect(provider.backups.list(site.id), { limit: 100 });
  const built = backups.find((backup) => backup.state === 'completed');
  if (!built) throw new Error(`no built backup on ${site.name}`);
  return built;
}

const CASES: Record<StartKind, StartCase> = {
  'backups.create': {
    kind: 'backups.create',
    async prepare(provider, _sim, site) {
      return () => provider.backups.create(site.id, { label: 'release 7' });
    },
    async check(result, { provider, site, key }) {
      const backup = result as Backup;
      expect(backup).toMatchObject({ state: 'completed', label: 'release 7' });
      // The panel's note carries the key after the label; the label reads without it.
      expect((backup.raw as { note: string }).note).toBe(`release 7 omnihost:${key}`);
      const listed = await collect(provider.backups.list(site.id), { limit: 1000 });
      expect(listed.filter((item) => (item.raw as { note?: string }).note?.includes(key))).toHaveLength(1);
    },
  },
  'backups.restore': {
    kind: 'backups.restore',
    async prepare(provider, _sim, site) {
      const backup = await builtBackup(provider, site, false);
      // An identical restore before: the reconcile must never take it for this one.
      await (await provider.backups.restore(site.id, backup.id)).wait(FAST);
      return () => provider.backups.restore(site.id, backup.id);
    },
    check(result, { sim }) {
      const task = result as Task;
      expect(task.state).toBe('succeeded');
      expect(task.kind).toMatch(/^restore_(incremental_)?backup$/);
      expect(sim.transaction(task.id)?.parentType).toBe('Backup');
    },
  },
  'backups.delete': {
    kind: 'backups.delete',
    async prepare(provider, _sim, site) {
      const backup = await builtBackup(provider, site, true);
      return () => provider.backups.delete(site.id, backup.id);
    },
    async check(result, { sim, provider, site }) {
      const task = result as Task;
      expect(task).toMatchObject({ state: 'succeeded', kind: 'destroy_backup' });
      const deleted = String(sim.transaction(task.id)?.parentId);
      const left = await collect(provider.backups.list(site.id), { limit: 100 });
      expect(left.map((backup) => backup.id)).not.toContain(deleted);
    },
  },
  'deploys.deploy': {
    kind: 'deploys.deploy',
    async prepare(provider, _sim, site) {
      // An identical rebuild before, to the end: its chain is older than the intent.
      await (await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' })).wait(FAST);
      return () => provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    },
    check(result, { sim }) {
      const deployment = result as Deployment;
      expect(deployment).toMatchObject({ state: 'succeeded', ref: 'tags/2.4.0' });
      expect(sim.transaction(deployment.id)?.action).toBe('startup_virtual_machine');
    },
  },
};

const KINDS = Object.keys(CASES) as StartKind[];

/** The faults that lose an answer after the panel ran the start. */
const AFTER_EXECUTION: ReadonlyArray<readonly [string, ScriptedFault]> = [
  ['the connection is reset', { kind: 'reset-after' }],
  ['a 500 answers', { kind: 'server-error-after', status: 500 }],
  ['a 502 answers', { kind: 'server-error-after', status: 502 }],
  ['a 503 answers', { kind: 'server-error-after', status: 503 }],
  ['a 504 answers', { kind: 'server-error-after', status: 504 }],
  ['the answer comes after timeoutMs', { kind: 'slow' }],
];

/** Sites by kind: a server that takes disk backups and one that takes incremental ones share the work. */
const SITE_FOR: Record<StartKind, string> = {
  'backups.create': 'blog-prod-01',
  'backups.restore': 'shop-prod-01',
  'backups.delete': 'blog-staging-01',
  'deploys.deploy': 'shop-dev-01',
};

describe.each(KINDS)('onapp %s whose answer is lost after the panel ran it', (kind) => {
  const panel = useSimulatedPanel('xml', { taskDurationMs: 40, faults: { rate: 0, slowMs: SLOW_MS } });
  const startCase = CASES[kind];

  it.each(AFTER_EXECUTION)(
    '%s: outcome unknown, reconcile() finds the work, wait() resolves, one execution',
    async (_name, fault) => {
      const { sim } = panel;
      const provider = createOnAppProvider({ ...sim.config, timeoutMs: TIMEOUT_MS });
      await collect(provider.sites.list(), { limit: 100 });
      const site = panel.named(SITE_FOR[kind]);
      const start = await startCase.prepare(provider, sim, site);
      const before = executions(sim);
      const mark = sim.lastTransactionId();
      sim.server.inject({ ...fault, count: 1, match: startRequest });

      const error = (await start().then(
        () => {
          throw new Error('the start should have failed');
        },
        (caught: unknown) => caught,
      )) as OmnihostError;
      expect(isOmnihostError(error)).toBe(true);
      expect(error.outcome).toBe('unknown');
      expect(error.intent).toMatchObject({ vendor: 'onapp', kind, siteId: site.id });
      expect(executions(sim) - before).toBe(1);
      // The error serialises with its intent (the CLI's --json), marks included.
      expect(JSON.parse(JSON.stringify(error)).intent.key).toBe(error.intent?.key);

      const found = (await error.reconcile()) as ReconciledOperation | null;
      expect(found).not.toBeNull();
      const operation = found as Operation<unknown>;
      expect(Number(operation.task.id)).toBeGreaterThan(mark);
      expect(operation.toJSON()).toMatchObject({
        vendor: 'onapp',
        kind,
        siteId: site.id,
        taskId: operation.task.id,
        key: error.intent?.key,
        startedAt: error.intent?.startedAt,
      });
      // Asking again (the same intent) finds the same work.
      const again = await provider.operations.reconcile(intentOf(error));
      expect(again?.task.id).toBe(operation.task.id);

      const result = await operation.wait(FAST);
      await startCase.check(result, { sim, provider, site, key: error.intent?.key as string });
      expect(executions(sim) - before).toBe(1);
      expect(sim.server.stats().duplicateExecutions).toEqual([]);
    },
  );
});

describe('onapp starts that never reached the panel', () => {
  const panel = useSimulatedPanel('xml', { taskDurationMs: 40 });

  it.each(KINDS)(
    '%s dropped before the handler: reconcile() shows nothing started, one retry runs once',
    async (kind) => {
      const { sim, provider } = panel;
      const site = panel.named(SITE_FOR[kind]);
      const start = await CASES[kind].prepare(provider, sim, site);
      const before = executions(sim);
      sim.server.inject({ kind: 'reset', count: 1, match: startRequest });
      const error = (await start().catch((caught: unknown) => caught)) as OmnihostError;
      // A reset after the request was written cannot tell the client whether the panel read it: the transport
      // (core's one rule) says `unknown`, and the panel's records are what prove nothing started.
      expect(isOmnihostError(error)).toBe(true);
      expect(error.outcome).toBe('unknown');
      expect(error.intent?.kind).toBe(kind);
      expect(executions(sim)).toBe(before);
      expect(await error.reconcile()).toBeNull();
      const retried = await start();
      await CASES[kind].check(await retried.wait(FAST), { sim, provider, site, key: retried.toJSON().key });
      expect(executions(sim) - before).toBe(1);
    },
  );
});

describe('onapp starts refused at the connection', () => {
  let sim: OnAppSimulator;
  let provider: OnAppProvider;
  let sites: Site[];
  beforeAll(async () => {
    sim = await startOnAppSimulator({ taskDurationMs: 40, seed: 5 });
    provider = createOnAppProvider({ ...sim.config, retry: { retries: 0 } });
    sites = await collect(provider.sites.list(), { limit: 100 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(KINDS)('%s: not-started, reconcile() is null without asking, one retry runs once', async (kind) => {
    const site = sites.find((candidate) => candidate.name === SITE_FOR[kind]) as Site;
    const start = await CASES[kind].prepare(provider, sim, site);
    const port = sim.server.port;
    await sim.close(); // nothing listens: connection refused
    const error = (await start().catch((caught: unknown) => caught)) as OmnihostError;
    expect(isOmnihostError(error)).toBe(true);
    expect(error.name).toBe('NetworkError');
    expect(error.outcome).toBe('not-started');
    expect(error.intent?.kind).toBe(kind);
    expect(await error.reconcile()).toBeNull();
    // The same panel comes back (same seed, same records up to what the test did before): retry once.
    sim = await startOnAppSimulator({ taskDurationMs: 40, seed: 5, port });
    const again = await CASES[kind].prepare(provider, sim, site);
    const before = executions(sim);
    await (await again()).wait(FAST);
    expect(executions(sim) - before).toBe(1);
  });
});

describe('onapp concurrent starts on one server, each matched to its own work', () => {
  const panel = useSimulatedPanel('json', { taskDurationMs: 40 });

  it('two creates with different keys (exact: the key in the note)', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-staging-01');
    sim.server.inject({ kind: 'server-error-after', status: 502, count: 2, match: startRequest });
    const errors = (await Promise.all(
      ['first', 'second'].map((label) =>
        provider.backups.create(site.id, { label }).catch((caught: unknown) => caught),
      ),
    )) as OmnihostError[];
    expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
    // Reconciled in the other order, each as if from its own process.
    const found = await Promise.all(
      [...errors].reverse().map((error) => provider.operations.reconcile(intentOf(error), { claims: freshClaims() })),
    );
    const [second, first] = found as [Operation<Backup>, Operation<Backup>];
    expect(first.task.id).not.toBe(second.task.id);
    expect((await first.wait(FAST)).label).toBe('first');
    expect((await second.wait(FAST)).label).toBe('second');
  });

  it('two rebuilds from different refs (heuristic: server, steps, template, transaction order)', async () => {
    const { sim, provider } = panel;
    const site = panel.named('blog-prod-01');
    const refs = ['tags/2.3.0', 'main'];
    sim.server.inject({ kind: 'reset-after', count: 2, match: startRequest });
    const errors = (await Promise.all(
      refs.map((ref) => provider.deploys.deploy(site.id, { ref }).catch((caught: unknown) => caught)),
    )) as OmnihostError[];
    expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
    const found = [];
    for (const error of [...errors].reverse()) {
      found.unshift(await provider.operations.reconcile(intentOf(error), { claims: freshClaims() }));
    }
    const operations = found as Operation<Deployment>[];
    expect(new Set(operations.map((operation) => operation.task.id)).size).toBe(2);
    const deployments = await Promise.all(operations.map((operation) => operation.wait(FAST)));
    expect(deployments.map((deployment) => deployment.ref)).toEqual(refs);
    const templates = await provider.raw.templates.list();
    deployments.forEach((deployment, index) => {
      let step = sim.transaction(deployment.id);
      while (step && step.action !== 'build_disk' && step.dependentId !== null)
        step = sim.transaction(step.dependentId);
      expect(step?.params.template_id).toBe(templates.find((template) => template.label === refs[index])?.id);
    });
  });

  it('two restores of the same backup, one lost and one answered: the lost one never takes the other’s', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-worker-01');
    const backup = await builtBackup(provider, site, false);
    sim.server.inject({ kind: 'server-error-after', status: 503, count: 1, match: startRequest });
    const [lost, answered] = await Promise.all([
      provider.backups.restore(site.id, backup.id).catch((caught: unknown) => caught as OmnihostError),
      provider.backups.restore(site.id, backup.id),
    ]);
    const error = (isOmnihostError(lost) ? lost : answered) as OmnihostError;
    const operation = (isOmnihostError(lost) ? answered : lost) as Operation<Task>;
    expect(error.outcome).toBe('unknown');
    const found = (await error.reconcile()) as Operation<Task>;
    expect(found.task.id).not.toBe(operation.task.id);
    expect(sim.transaction(found.task.id)?.callId).not.toBe(sim.transaction(operation.task.id)?.callId);
    await expect(found.wait(FAST)).resolves.toMatchObject({ state: 'succeeded' });
    // Two restores asked, two ran.
  });

  it('two restores of the same backup, both lost, reconciled from separate processes: one task each', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-prod-01');
    const backup = await builtBackup(provider, site, false);
    sim.server.inject({ kind: 'server-error-after', status: 504, count: 2, match: startRequest });
    const errors = (await Promise.all(
      [1, 2].map(() => provider.backups.restore(site.id, backup.id).catch((caught: unknown) => caught)),
    )) as OmnihostError[];
    const found = [];
    for (const error of [...errors].reverse()) {
      found.push(await provider.operations.reconcile(intentOf(error), { claims: freshClaims() }));
    }
    const ids = found.map((operation) => operation?.task.id);
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(undefined);
  });
});

describe('onapp reconcile: what the panel keeps', () => {
  const panel = useSimulatedPanel('xml', { taskDurationMs: 40 });

  it('an intent without marks (written elsewhere) is matched by created_at at the panel’s second', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-staging-01');
    sim.server.inject({ kind: 'reset-after', count: 1, match: startRequest });
    const error = (await provider.deploys
      .deploy(site.id, { ref: 'main' })
      .catch((caught: unknown) => caught)) as OmnihostError;
    const { marks: _marks, ...intent } = intentOf(error);
    const found = (await provider.operations.reconcile(intent)) as Operation<Deployment>;
    expect(found).not.toBeNull();
    await expect(found.wait(FAST)).resolves.toMatchObject({ ref: 'main', state: 'succeeded' });
  });

  it('a create whose backup failed and was removed is found by its transaction, and wait() says it failed', async () => {
    const { sim, provider } = panel;
    const site = panel.named('blog-prod-01');
    const before = executions(sim);
    sim.failNextTasks(1, 'backup');
    sim.server.inject({ kind: 'server-error-after', status: 500, count: 1, match: startRequest });
    const error = (await provider.backups
      .create(site.id, { label: 'doomed' })
      .catch((caught: unknown) => caught)) as OmnihostError;
    expect(error.outcome).toBe('unknown');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the backup fails and is removed meanwhile
    const found = (await error.reconcile()) as Operation<Backup>;
    expect(found).not.toBeNull();
    await expect(found.wait(FAST)).rejects.toBeInstanceOf(TaskFailedError);
    expect(executions(sim) - before).toBe(1);
  });

  it('a successful start owns its task: another intent’s reconcile never adopts it', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-dev-01');
    const backup = await builtBackup(provider, site, false);
    // An intent of the same restore, begun just before, whose request never reached the panel.
    const intent: StartIntent = {
      vendor: 'onapp',
      kind: 'backups.restore',
      key: 'never-sent-1',
      startedAt: new Date().toISOString(),
      siteId: site.id,
      backupId: backup.id,
      marks: { serverId: Number(site.id), transactionId: sim.lastTransactionId() },
    };
    const started = await provider.backups.restore(site.id, backup.id);
    expect(await provider.operations.reconcile(intent)).toBeNull();
    await started.wait(FAST);
  });

  it('refuses an intent or an operation that is not OnApp’s', async () => {
    const { provider } = panel;
    const intent = {
      vendor: 'acquia',
      kind: 'backups.create',
      key: 'k',
      startedAt: new Date().toISOString(),
      siteId: '1',
    };
    await expect(provider.operations.reconcile(intent as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(provider.operations.resume({ ...intent, taskId: '1' } as never)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      provider.operations.resume({ ...intent, vendor: 'onapp', taskId: '1', details: {} } as never),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('toJSON → resume (in this process) resolves to the same result as the original wait', async () => {
    const { provider } = panel;
    const site = panel.named('shop-worker-01');
    const operation = await provider.backups.create(site.id, { label: 'resumable' });
    const json = JSON.parse(JSON.stringify(operation.toJSON())) as OperationJSON & { kind: 'backups.create' };
    const resumed = await provider.operations.resume(json);
    const [original, again] = await Promise.all([operation.wait(FAST), resumed.wait(FAST)]);
    expect(again.id).toBe(original.id);
    expect(again.label).toBe('resumable');
  });
});

describe.each(['xml', 'json'] as const)('onapp operations over %s', (format: OnAppFormat) => {
  const panel = useSimulatedPanel(format, { taskDurationMs: 40 });

  it('a lost create answer is reconciled in this wire format too', async () => {
    const { sim, provider } = panel;
    const site = panel.named('shop-prod-01');
    sim.server.inject({ kind: 'reset-after', count: 1, match: startRequest });
    const error = (await provider.backups.create(site.id).catch((caught: unknown) => caught)) as OmnihostError;
    const found = (await error.reconcile()) as Operation<Backup>;
    const backup = await found.wait(FAST);
    expect(backup.state).toBe('completed');
    expect(backup.label).toBeUndefined(); // the note holds only the key
  });
});
