/**
 * Issue 15 on OnApp, randomised: 500 starts (backup creates, restores, deletes and rebuilds across 20
 * servers, over JSON: the XML path is the per-call suite's, and JSON costs half the CPU) while 20% of the start requests lose their answer after the panel ran them (a reset, a
 * 500/502/503/504, or an answer after `timeoutMs`). Each start that fails is reconciled, and retried (with the
 * same idempotency key) only when the reconcile says nothing started. The panel must have run every intent
 * exactly once: executions = intents, per kind, none duplicated and none lost; every intent ends with its own
 * task, and every wait resolves to that intent's result.
 */
import {
  type Backup,
  collect,
  type Deployment,
  isOmnihostError,
  type Operation,
  type Site,
  type StartKind,
  type Task,
} from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { createOnAppProvider, type OnAppProvider } from '../../src/index.js';
import { startOnAppSimulator } from '../../src/testing/index.js';
import { FAST } from '../support/harness.js';

const INTENTS = 500;
const LOST_RATE = 0.2;
/** The client's deadline, and when a `slow` answer comes (the handler has run long before). */
const TIMEOUT_MS = 1_500;
const SLOW_MS = 1_800;
/** Servers worked on at once (each server's starts run one after another). */
const SERVERS = 20;
const REFS = ['main', 'tags/2.3.0', 'tags/2.4.0'];

/** The simulator's execution counters behind each start kind. */
const EXECUTION_KINDS: Record<StartKind, readonly string[]> = {
  'backups.create': ['backup.take', 'backup.take_incremental'],
  'backups.restore': ['backup.restore'],
  'backups.delete': ['backup.destroy'],
  'deploys.deploy': ['virtual_machine.build'],
};

interface Outcome {
  readonly kind: StartKind;
  readonly key: string;
  readonly taskId: string;
  readonly lostAnswer: boolean;
  readonly retried: boolean;
}

/** A small seeded generator (the run is the same every time). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One server's share of the run, in order: each start waited for before the next. */
async function runServer(provider: OnAppProvider, site: Site, count: number, offset: number): Promise<Outcome[]> {
  const random = lcg(1_000 + offset);
  const built: string[] = (await collect(provider.backups.list(site.id), { limit: 100 }))
    .filter((backup) => backup.state === 'completed')
    .map((backup) => backup.id);
  const ours: string[] = []; // taken in this run, built, not deleted: what a delete may remove
  const outcomes: Outcome[] = [];
  for (let index = 0; index < count; index += 1) {
    const key = `random-${site.id}-${index}`;
    const draw = random();
    let kind: StartKind =
      draw < 0.4
        ? 'backups.create'
        : draw < 0.65
          ? 'backups.restore'
          : draw < 0.85
            ? 'deploys.deploy'
            : 'backups.delete';
    if (kind === 'backups.delete' && ours.length === 0) kind = 'backups.create';
    const target =
      kind === 'backups.delete'
        ? (ours.shift() as string)
        : kind === 'backups.restore'
          ? (built[Math.floor(random() * built.length)] as string)
          : undefined;
    const ref = REFS[index % REFS.length] as string;
    const label = `run ${index}`;
    const start = (): Promise<Operation<unknown>> => {
      const options = { idempotencyKey: key };
      if (kind === 'backups.create') return provider.backups.create(site.id, { ...options, label });
      if (kind === 'backups.restore') return provider.backups.restore(site.id, target as string, options);
      if (kind === 'backups.delete') return provider.backups.delete(site.id, target as string, options);
      return provider.deploys.deploy(site.id, { ...options, ref });
    };

    let operation: Operation<unknown> | null = null;
    let lostAnswer = false;
    let retried = false;
    try {
      operation = await start();
    } catch (error) {
      if (!isOmnihostError(error) || error.outcome === undefined) throw error;
      lostAnswer = error.outcome === 'unknown';
      if (lostAnswer) operation = (await error.reconcile()) as Operation<unknown> | null;
    }
    if (!operation) {
      retried = true;
      operation = await start();
    }
    const result = await operation.wait(FAST);
    // Each wait resolves to this intent's result.
    if (kind === 'backups.create') {
      const backup = result as Backup;
      expect(backup.label).toBe(label);
      expect((backup.raw as { note: string }).note).toContain(`omnihost:${key}`);
      built.push(backup.id);
      ours.push(backup.id);
    } else if (kind === 'deploys.deploy') {
      expect((result as Deployment).ref).toBe(ref);
    } else {
      expect((result as Task).state).toBe('succeeded');
      if (kind === 'backups.delete') built.splice(built.indexOf(target as string), 1);
    }
    outcomes.push({ kind, key, taskId: operation.task.id, lostAnswer, retried });
  }
  return outcomes;
}

describe('onapp: 500 starts with 20% of answers lost after execution', () => {
  it('reconcile-then-retry runs every intent exactly once', { timeout: 240_000 }, async () => {
    const sim = await startOnAppSimulator({ taskDurationMs: 5, seed: 15, siteCount: SERVERS });
    try {
      const provider = createOnAppProvider({ ...sim.configFor('json'), timeoutMs: TIMEOUT_MS });
      const sites = await collect(provider.sites.list(), { limit: 100 });
      sim.server.resetStats();
      sim.server.setRandomFaults({
        rate: LOST_RATE,
        seed: 15,
        kinds: ['reset-after', 'server-error-after', 'slow'],
        slowMs: SLOW_MS,
        match: (request) => request.method !== 'GET',
      });
      const shares = sites.map(
        (_site, index) => Math.floor(INTENTS / sites.length) + (index < INTENTS % sites.length ? 1 : 0),
      );
      const outcomes = (
        await Promise.all(sites.map((site, index) => runServer(provider, site, shares[index] as number, index)))
      ).flat();
      sim.server.setRandomFaults(undefined);

      const stats = sim.server.stats();
      const byKind = (kind: StartKind) => outcomes.filter((outcome) => outcome.kind === kind).length;
      const executedOf = (kind: StartKind) =>
        EXECUTION_KINDS[kind].reduce((sum, name) => sum + (stats.executions[name] ?? 0), 0);
      const kinds = Object.keys(EXECUTION_KINDS) as StartKind[];
      const duplicated = kinds.reduce((sum, kind) => sum + Math.max(0, executedOf(kind) - byKind(kind)), 0);
      const lost = kinds.reduce((sum, kind) => sum + Math.max(0, byKind(kind) - executedOf(kind)), 0);
      const executions = kinds.reduce((sum, kind) => sum + executedOf(kind), 0);
      const lostAnswers = outcomes.filter((outcome) => outcome.lostAnswer).length;
      const retries = outcomes.filter((outcome) => outcome.retried).length;
      const faults = Object.entries(stats.faults)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ');
      console.info(
        `onapp randomised run: intents ${outcomes.length}, executions ${executions}, duplicated ${duplicated}, lost ${lost}; ` +
          `answers lost ${lostAnswers} (${faults}), reconciled ${lostAnswers - retries}, retried ${retries}; ` +
          `by kind ${kinds.map((kind) => `${kind} ${byKind(kind)}/${executedOf(kind)}`).join(', ')}`,
      );

      expect(outcomes).toHaveLength(INTENTS);
      expect(lostAnswers).toBeGreaterThan(INTENTS * LOST_RATE * 0.5);
      for (const kind of kinds) expect(executedOf(kind)).toBe(byKind(kind));
      expect(duplicated).toBe(0);
      expect(lost).toBe(0);
      expect(retries).toBe(0); // every lost answer hid work that ran, and every one was found
      // Every intent has its own task.
      expect(new Set(outcomes.map((outcome) => outcome.taskId)).size).toBe(INTENTS);
      expect(stats.duplicateExecutions).toEqual([]);
      expect(stats.handlerErrors).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
