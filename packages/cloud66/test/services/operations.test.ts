/**
 * Issue 15 on Cloud 66: a redeploy whose answer was lost is found again, never repeated. The idempotency key
 * travels at the end of the deploy's `user_reference`, which Cloud 66 keeps on the deploy action, so
 * `operations.reconcile` matches exactly, by key; operations serialise and resume in another process. Backups
 * have no start call on Cloud 66: their start kinds are `none`.
 */

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  collect,
  type Deployment,
  isOmnihostError,
  newIntent,
  type OmnihostError,
  type Operation,
  operationJsonSchema,
  type StartIntent,
  UnsupportedOperationError,
} from '@omnihost/core';
import type { FaultKind } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { runTsxChild } from '../../../../test/support/tsx-child.js';
import { type Cloud66Provider, cloud66Capabilities, createCloud66Provider } from '../../src/index.js';
import { splitUserReference } from '../../src/services/deploy-messages.js';
import { type Cloud66Simulator, startCloud66Simulator } from '../../src/testing/index.js';
import { DOCKER, FAST_WAIT, PROD, STAGING, simulatorForFile } from '../support/harness.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CHILD = join(root, 'packages/cloud66/test/support/resume-child.ts');

/** The client gives up after this; a `slow` answer comes after `SLOW_MS`, when the deploy has long run. */
const TIMEOUT_MS = 1_000;
const SLOW_MS = 1_600;

const sim = await simulatorForFile({ taskDurationMs: 150, rateLimit: false, faults: { rate: 0, slowMs: SLOW_MS } });
const provider = providerOf(sim);

function providerOf(simulator: Cloud66Simulator, timeoutMs = TIMEOUT_MS): Cloud66Provider {
  return createCloud66Provider({ ...simulator.config, timeoutMs, rateLimit: false });
}

/** Only the redeploy request is faulted: the reads before it and the reconcile after it go through. */
const isRedeploy = (request: { method: string; path: string }) =>
  request.method === 'POST' && /\/stacks\/[^/]+\/deployments(\.json)?$/.test(request.path);

const deploys = (simulator: Cloud66Simulator) => simulator.server.stats().executions.deploy ?? 0;

async function failure(promise: Promise<unknown>): Promise<OmnihostError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isOmnihostError(error)) throw new Error(`expected an omnihost error, got ${String(error)}`);
  return error;
}

/** The deploy actions of a stack, by the idempotency key each carries. */
async function actionsByKey(client: Cloud66Provider, uid: string): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for await (const action of client.raw.actions.list(uid)) {
    const { key } = splitUserReference(action.metadata?.user_reference ?? undefined);
    if (key === undefined) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), `${uid}:${action.id}`]);
  }
  return byKey;
}

/** The listed deployment that carries a message (messages are unique per test). */
async function listedWith(client: Cloud66Provider, uid: string, message: string): Promise<Deployment | undefined> {
  return (await collect(client.deploys.list(uid), { limit: 60 })).find((item) => item.message === message);
}

describe('capabilities', () => {
  it('say the redeploy is matched exactly, and that backups have nothing to match', () => {
    expect(cloud66Capabilities.operations.reconcile).toEqual({
      'backups.create': 'none',
      'backups.restore': 'none',
      'backups.delete': 'none',
      'deploys.deploy': 'exact',
    });
  });
});

describe('deploys.deploy: the answer is lost after the redeploy ran', () => {
  const cases = [
    { name: 'the connection is reset', fault: { kind: 'reset-after' as const }, error: 'NetworkError' },
    ...[500, 502, 503, 504].map((status) => ({
      name: `a ${status} answers`,
      fault: { kind: 'server-error-after' as const, status },
      error: 'ServerError',
    })),
    { name: 'the answer comes after timeoutMs', fault: { kind: 'slow' as const }, error: 'TimeoutError' },
  ];

  it.each(cases)(
    '$name: outcome unknown, reconcile() finds the deploy, its wait() the deployment, one execution',
    async ({ name, fault, error: errorName }) => {
      const uid = sim.stackUid(STAGING);
      const message = `lost answer: ${name}`;
      const before = deploys(sim);
      sim.server.inject({ ...fault, match: isRedeploy });
      const error = await failure(provider.deploys.deploy(uid, { ref: 'tags/3.0.0', message }));
      expect(error.name).toBe(errorName);
      expect(error.outcome).toBe('unknown');
      expect(error.intent).toMatchObject({ vendor: 'cloud66', kind: 'deploys.deploy', siteId: uid, ref: 'tags/3.0.0' });
      expect(deploys(sim)).toBe(before + 1);

      const found = (await error.reconcile()) as Operation<Deployment> | null;
      expect(found).not.toBeNull();
      const operation = found as Operation<Deployment>;
      const byKey = await actionsByKey(provider, uid);
      expect(byKey.get(error.intent?.key as string)).toEqual([operation.task.id]);
      expect(operation.toJSON()).toMatchObject({
        vendor: 'cloud66',
        kind: 'deploys.deploy',
        siteId: uid,
        taskId: operation.task.id,
        key: error.intent?.key,
        startedAt: error.intent?.startedAt,
      });

      const deployment = await operation.wait(FAST_WAIT);
      expect(deployment).toMatchObject({ state: 'succeeded', siteId: uid, ref: 'tags/3.0.0', message });
      expect((await listedWith(provider, uid, message))?.id).toBe(deployment.id);
      // Found, not repeated: the deploy ran once.
      expect(deploys(sim)).toBe(before + 1);
    },
  );

  it('an abort after the request was sent: outcome unknown, and reconcile() finds the deploy', async () => {
    const uid = sim.stackUid(PROD);
    const before = deploys(sim);
    sim.server.inject({ kind: 'slow', match: isRedeploy });
    const controller = new AbortController();
    const pending = provider.deploys.deploy(uid, { ref: 'main', message: 'aborted', signal: controller.signal });
    // The redeploy has run once the simulator counts it; the answer is still on its way.
    while (deploys(sim) === before) await new Promise((wake) => setTimeout(wake, 10));
    controller.abort();
    const error = await failure(pending);
    expect(error.name).toBe('AbortError');
    expect(error.outcome).toBe('unknown');
    const operation = (await error.reconcile()) as Operation<Deployment>;
    expect((await operation.wait(FAST_WAIT)).message).toBe('aborted');
    expect(deploys(sim)).toBe(before + 1);
  });

  it('a queued redeploy (the stack was busy) is found by its key before it has started', async () => {
    const slow = await startCloud66Simulator({ taskDurationMs: 600, rateLimit: false });
    try {
      const client = providerOf(slow);
      const uid = slow.stackUid(STAGING);
      const running = await client.deploys.deploy(uid, { ref: 'main' });
      slow.server.inject({ kind: 'server-error-after', status: 502, match: isRedeploy });
      const error = await failure(client.deploys.deploy(uid, { ref: 'tags/3.1.0', message: 'queued behind' }));
      const operation = (await error.reconcile()) as Operation<Deployment>;
      expect(operation.task.state).toBe('queued');
      expect(operation.toJSON().details).toMatchObject({ queued: true, ref: 'tags/3.1.0' });
      const [first, second] = await Promise.all([running.wait(FAST_WAIT), operation.wait(FAST_WAIT)]);
      expect(second).toMatchObject({ state: 'succeeded', queued: true, ref: 'tags/3.1.0', message: 'queued behind' });
      expect(second.id).not.toBe(first.id);
      expect(slow.server.stats().executions.deploy).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('a Docker stack, a key ending in ":" and a message naming another key: still the exact deploy', async () => {
    const uid = sim.stackUid(DOCKER);
    // Core's reader stops short of a trailing `:`; the adapter reads the whole key at the end of the text.
    const key = 'release-7:docker:';
    const message = 'after omnihost:someone-else failed';
    sim.server.inject({ kind: 'reset-after', match: isRedeploy });
    const error = await failure(provider.deploys.deploy(uid, { ref: 'tags/3.0.0', message, idempotencyKey: key }));
    const operation = (await error.reconcile()) as Operation<Deployment>;
    expect((await actionsByKey(provider, uid)).get(key)).toEqual([operation.task.id]);
    expect((await operation.wait(FAST_WAIT)).message).toBe(message);
  });

  it('without the noted user_reference (an intent from elsewhere), the actions are read back to the intent', async () => {
    const uid = sim.stackUid(STAGING);
    sim.server.inject({ kind: 'server-error-after', status: 500, match: isRedeploy });
    const error = await failure(provider.deploys.deploy(uid, { ref: 'main', message: 'no marks' }));
    const { marks: _marks, ...bare } = error.intent as StartIntent;
    const filtered = sim.server.stats().byRoute['GET /api/3/stacks/:uid/actions.json'] ?? 0;
    const operation = await provider.operations.reconcile({ ...bare, kind: 'deploys.deploy' });
    expect(operation?.task.id).toBe(((await error.reconcile()) as Operation<Deployment>).task.id);
    expect(sim.server.stats().byRoute['GET /api/3/stacks/:uid/actions.json'] ?? 0).toBeGreaterThan(filtered);
  });
});

describe('deploys.deploy: the request never reached the redeploy', () => {
  it('connection refused: not-started, reconcile() is null, and one retry deploys once', async () => {
    const first = await startCloud66Simulator({ taskDurationMs: 150, rateLimit: false });
    const { port } = first.server;
    const uid = first.stackUid(STAGING);
    // The vendor goes away between the deploy's read of the stack and its redeploy request: the simulator is
    // closed as the client asks to send the second request (a limiter sees every attempt), so the POST meets a
    // closed port, on a new connection.
    let attempts = 0;
    const limiter = {
      acquire: async () => {
        attempts += 1;
        if (attempts === 2) {
          await first.close();
          await new Promise((wake) => setTimeout(wake, 50));
        }
        return () => undefined;
      },
      pauseFor: () => undefined,
    };
    const client = createCloud66Provider({ ...first.config, limiter, timeoutMs: TIMEOUT_MS, retry: { retries: 0 } });
    const error = await failure(client.deploys.deploy(uid, { ref: 'main', idempotencyKey: 'refused-1' }));
    expect(attempts).toBe(2);
    expect(error).toMatchObject({ name: 'NetworkError', operation: 'deployments.create', outcome: 'not-started' });
    expect(error.intent?.key).toBe('refused-1');
    expect(await error.reconcile()).toBeNull();
    expect(first.server.stats().executions.deploy).toBeUndefined();

    // The same simulator back on the same port (same seed, same stacks): the retry runs once.
    const again = await startCloud66Simulator({ port, taskDurationMs: 150, rateLimit: false });
    try {
      const operation = await client.deploys.deploy(uid, { ref: 'main', idempotencyKey: 'refused-1' });
      expect((await operation.wait(FAST_WAIT)).state).toBe('succeeded');
      expect(again.server.stats().executions.deploy).toBe(1);
    } finally {
      await again.close();
    }
  });

  it.each([
    { name: 'the connection is dropped before the handler', fault: { kind: 'reset' as const } },
    ...[500, 502, 503, 504].map((status) => ({
      name: `a ${status} before the handler`,
      fault: { kind: 'server-error' as const, status },
    })),
  ])('$name: reconcile() is null (the records show no such deploy), and one retry deploys once', async ({ fault }) => {
    const uid = sim.stackUid(PROD);
    const before = deploys(sim);
    sim.server.inject({ ...fault, match: isRedeploy });
    const error = await failure(provider.deploys.deploy(uid, { ref: 'main' }));
    expect(deploys(sim)).toBe(before);
    // The client cannot tell these from an answer lost after the work: the transport marks them unknown, and
    // the vendor's records settle it.
    expect(error.outcome).toBe('unknown');
    expect(await error.reconcile()).toBeNull();
    const intent = error.intent as StartIntent;
    const retried = await provider.deploys.deploy(uid, { ref: 'main', idempotencyKey: intent.key });
    expect((await retried.wait(FAST_WAIT)).state).toBe('succeeded');
    expect(deploys(sim)).toBe(before + 1);
    expect((await actionsByKey(provider, uid)).get(intent.key)).toEqual([retried.task.id]);
  });

  it('a failure before the redeploy request (unknown stack, refused input) is not-started', async () => {
    const missing = await failure(provider.deploys.deploy('0123abcd', { ref: 'main' }));
    expect(missing).toMatchObject({ name: 'NotFoundError', outcome: 'not-started' });
    expect(missing.intent?.kind).toBe('deploys.deploy');
    expect(await missing.reconcile()).toBeNull();
    const promote = await failure(
      provider.deploys.deploy(sim.stackUid(STAGING), { fromSiteId: sim.stackUid(PROD), idempotencyKey: 'promote-1' }),
    );
    expect(promote).toMatchObject({ name: 'UnsupportedOperationError', outcome: 'not-started' });
    expect(promote.intent?.key).toBe('promote-1');
  });
});

describe('reconcile never adopts a deploy it did not start', () => {
  it('another deploy after the intent (no key, or another key) is not this intent’s: null', async () => {
    const uid = sim.stackUid(PROD);
    const intent = {
      ...newIntent('cloud66', 'deploys.deploy', { siteId: uid, ref: 'main' }),
      // Well before the other deploys: a time-based match would take one of them.
      startedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    await provider.raw.deployments.create(uid, { gitRef: 'main' });
    await provider.deploys.deploy(uid, { ref: 'main', idempotencyKey: 'someone-else' });
    expect(await provider.operations.reconcile(intent)).toBeNull();
  });

  it('two concurrent starts on one stack with different keys are each matched to their own task', async () => {
    const uid = sim.stackUid(STAGING);
    const before = deploys(sim);
    sim.server.inject({ kind: 'server-error-after', status: 504, count: 2, match: isRedeploy });
    const errors = await Promise.all(
      ['concurrent-a', 'concurrent-b'].map((key) =>
        failure(provider.deploys.deploy(uid, { ref: 'main', message: `by ${key}`, idempotencyKey: key })),
      ),
    );
    expect(errors.map((error) => error.outcome)).toEqual(['unknown', 'unknown']);
    const found = (await Promise.all(errors.map((error) => error.reconcile()))) as Operation<Deployment>[];
    const byKey = await actionsByKey(provider, uid);
    expect(found[0]?.task.id).toBe(byKey.get('concurrent-a')?.[0]);
    expect(found[1]?.task.id).toBe(byKey.get('concurrent-b')?.[0]);
    expect(found[0]?.task.id).not.toBe(found[1]?.task.id);
    const results = await Promise.all(found.map((operation) => operation.wait(FAST_WAIT)));
    expect(results.map((deployment) => deployment.message)).toEqual(['by concurrent-a', 'by concurrent-b']);
    expect(results[0]?.id).not.toBe(results[1]?.id);
    expect(deploys(sim)).toBe(before + 2);
  });
});

describe('randomised: 500 redeploys, 20% of the answers lost after the redeploy ran', () => {
  it('reconcile-then-retry: every intent deployed exactly once (0 duplicated, 0 lost)', async () => {
    const random = await startCloud66Simulator({ taskDurationMs: 0, rateLimit: false, siteCount: 8 });
    try {
      // 30% of redeploy requests faulted, drawn evenly from these nine: two thirds after the handler ran (20% of
      // all answers lost after execution), one third before it (10% that never ran, and must be retried). The
      // client's timeout leaves room for a loaded machine: a request still in flight when the client gives up is
      // the one case no reconcile can settle (see the README's limits).
      const after = ['reset-after', 'reset-after', 'reset-after', 'server-error-after', 'server-error-after', 'slow'];
      const before = ['reset', 'reset', 'server-error'];
      random.server.setRandomFaults({
        rate: 0.3,
        kinds: [...after, ...before] as FaultKind[],
        seed: 1515,
        slowMs: 2_600,
        match: isRedeploy,
      });
      const client = providerOf(random, 2_000);
      const INTENTS = 500;
      const tally = { lost: 0, adopted: 0, retried: 0, otherFailures: 0 };
      const taskOf = new Map<string, string>();
      let next = 0;
      const worker = async () => {
        while (next < INTENTS) {
          const i = next++;
          const uid = random.stackUid(i % 8);
          const key = `random-${i}`;
          for (let attempt = 0; attempt < 20 && !taskOf.has(key); attempt += 1) {
            try {
              taskOf.set(key, (await client.deploys.deploy(uid, { ref: 'main', idempotencyKey: key })).task.id);
            } catch (caught) {
              if (!isOmnihostError(caught)) throw caught;
              if (caught.outcome !== 'unknown') {
                tally.otherFailures += 1;
                continue;
              }
              tally.lost += 1;
              // Ask the records until they answer: a deploy is retried only after they said it never ran.
              let found: Awaited<ReturnType<typeof caught.reconcile>> | undefined;
              for (let ask = 0; ask < 5 && found === undefined; ask += 1) {
                found = await caught.reconcile().catch(() => undefined);
              }
              if (found === undefined) throw new Error(`${key}: the records never answered`);
              if (found) {
                tally.adopted += 1;
                taskOf.set(key, found.task.id);
              } else tally.retried += 1;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));

      const byKey = new Map<string, string[]>();
      for (let index = 0; index < 8; index += 1) {
        for (const [key, tasks] of await actionsByKey(client, random.stackUid(index))) byKey.set(key, tasks);
      }
      const keys = Array.from({ length: INTENTS }, (_, i) => `random-${i}`);
      const duplicated = keys.filter((key) => (byKey.get(key)?.length ?? 0) > 1).length;
      const lost = keys.filter((key) => (byKey.get(key)?.length ?? 0) === 0).length;
      const executions = random.server.stats().executions.deploy ?? 0;
      console.info(
        `cloud66 deploys.deploy, randomised: ${INTENTS} intents, ${executions} executions, ${duplicated} duplicated, ${lost} lost; ` +
          `${tally.lost} answers lost (${tally.adopted} found by reconcile, ${tally.retried} retried after null), ` +
          `${tally.otherFailures} failures that started nothing`,
      );
      const faults = random.server.stats().faults;
      const lostAfter = (faults['reset-after'] ?? 0) + (faults['server-error-after'] ?? 0) + (faults.slow ?? 0);
      const lostBefore = (faults.reset ?? 0) + (faults['server-error'] ?? 0);
      console.info(
        `  faults drawn on ${INTENTS + tally.retried} redeploy requests: ${lostAfter} after execution, ${lostBefore} before the handler`,
      );
      expect(lostAfter).toBeGreaterThan(75);
      expect(lostBefore).toBeGreaterThan(25);
      // Every answer lost after the redeploy ran was found again; every one lost before it was retried (more, if
      // a loaded machine timed out a request the simulator did not fault).
      expect(tally.adopted).toBeGreaterThanOrEqual(lostAfter);
      expect(tally.retried).toBeGreaterThanOrEqual(lostBefore);
      expect(tally.adopted + tally.retried).toBe(tally.lost);
      expect({ executions, duplicated, lost }).toEqual({ executions: INTENTS, duplicated: 0, lost: 0 });
      // Every intent's operation follows the action that carries its key.
      for (const key of keys) expect(taskOf.get(key), key).toBe(byKey.get(key)?.[0]);
    } finally {
      await random.close();
    }
  }, 120_000);
});

describe('operations as data', () => {
  it('toJSON → resume in a second process finishes the wait with the same deployment', async () => {
    const slow = await startCloud66Simulator({ taskDurationMs: 1_500, rateLimit: false });
    try {
      const client = providerOf(slow);
      const uid = slow.stackUid(STAGING);
      const operation = await client.deploys.deploy(uid, { ref: 'tags/4.0.0', message: 'resumed elsewhere' });
      const json = operation.toJSON();
      expect(operationJsonSchema.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
      const child = await runChild(JSON.stringify(json), JSON.stringify(slow.config));
      expect(child.stderr).toBe('');
      const mine = await operation.wait(FAST_WAIT);
      const theirs = JSON.parse(child.stdout) as { resumedTaskId: string; deployment: Record<string, unknown> };
      expect(theirs.resumedTaskId).toBe(operation.task.id);
      expect(theirs.deployment).toMatchObject({
        id: mine.id,
        state: 'succeeded',
        ref: 'tags/4.0.0',
        commit: mine.commit,
        message: 'resumed elsewhere',
      });
      expect(slow.server.stats().executions.deploy).toBe(1);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('resume follows the stack when the redeploy answer had no action id, to the same deployment', async () => {
    const old = await startCloud66Simulator({ taskDurationMs: 300, rateLimit: false, redeployAnswer: 'pre-2019' });
    try {
      const client = providerOf(old);
      const operation = await client.deploys.deploy(old.stackUid(STAGING), { ref: 'main', message: 'via the stack' });
      const resumed = await providerOf(old).operations.resume({ ...operation.toJSON(), kind: 'deploys.deploy' });
      const [mine, theirs] = await Promise.all([operation.wait(FAST_WAIT), resumed.wait(FAST_WAIT)]);
      expect(theirs).toMatchObject({ id: mine.id, state: 'succeeded', ref: 'main', message: 'via the stack' });
    } finally {
      await old.close();
    }
  });

  it('refuses JSON that is not a Cloud 66 deploy of the named stack', async () => {
    const json = {
      vendor: 'cloud66' as const,
      kind: 'deploys.deploy' as const,
      siteId: sim.stackUid(PROD),
      taskId: `${sim.stackUid(STAGING)}:10000000001`,
      key: 'k',
      startedAt: new Date().toISOString(),
    };
    await expect(provider.operations.resume(json)).rejects.toThrow(/taskId is not a task of site/);
    await expect(provider.operations.resume({ ...json, vendor: 'onapp' })).rejects.toThrow(/is a onapp operation/);
  });
});

describe('backups: Cloud 66 has no start call for them', () => {
  it('create, restore and delete are refused as not-started, with the intent; reconcile of those kinds is unsupported', async () => {
    const uid = sim.stackUid(PROD);
    const before = sim.server.stats().requests;
    const calls = [
      provider.backups.create(uid, { label: 'nightly', idempotencyKey: 'backup-1' }),
      provider.backups.restore(uid, '4', { idempotencyKey: 'restore-1' }),
      provider.backups.delete(uid, '4', { idempotencyKey: 'delete-1' }),
    ];
    for (const [index, call] of calls.entries()) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error.outcome).toBe('not-started');
      expect(error.intent?.key).toBe(['backup-1', 'restore-1', 'delete-1'][index]);
      expect(await error.reconcile()).toBeNull();
    }
    expect(sim.server.stats().requests).toBe(before);
    const intent = newIntent('cloud66', 'backups.create', { siteId: uid });
    await expect(provider.operations.reconcile(intent)).rejects.toBeInstanceOf(UnsupportedOperationError);
  });
});

/** Runs the resume script in a child node process; resolves with what it printed. */
function runChild(json: string, config: string) {
  return runTsxChild(CHILD, { args: [json], env: { C66_RESUME_CONFIG: config } });
}
