/**
 * Deploys redeploy the stack: at a git ref (classic stacks) or by services (Docker stacks), on a busy
 * stack queued behind its work (`queued: true`), followed through the stack's `is_busy`/status when the
 * answer has no `async_action_id`, failures carrying the action's `finished_message`, and cancellation.
 */
import { collect, deploymentSchema, NotFoundError, TaskFailedError, UnsupportedOperationError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { createCloud66Provider, stackTaskId } from '../../src/index.js';
import { startCloud66Simulator } from '../../src/testing/index.js';
import {
  DOCKER,
  FAST_WAIT,
  PROD,
  providerFor,
  recordingLogger,
  STAGING,
  simulatorForFile,
} from '../support/harness.js';

const sim = await simulatorForFile({ taskDurationMs: 250 });
const provider = providerFor(sim);
/** A simulator no other test deploys on, so a stack's history is the generated one plus that test's deploy. */
const fresh = await simulatorForFile();
const freshProvider = providerFor(fresh);

/** Route counters of the simulator, for "which endpoint did the wait poll". */
const polls = (pattern: string) => sim.server.stats().byRoute[pattern] ?? 0;
const ACTION_POLL = 'GET /api/3/stacks/:uid/actions/:id.json';
const STACK_POLL = 'GET /api/3/stacks/:uid.json';

describe('a busy stack', () => {
  it('reports the second deploy as queued, and both finish in order', async () => {
    const uid = sim.stackUid(STAGING);
    const first = await provider.deploys.deploy(uid, { ref: 'main' });
    const second = await provider.deploys.deploy(uid, { ref: 'tags/2.5.0' });
    expect(first.queued).toBe(false);
    expect(second.queued).toBe(true);
    expect(second.response).toMatchObject({ queued: true, message: 'Stack queued for redeployment' });
    expect(second.task.state).toBe('queued');
    // While queued, the action has not started.
    expect((await provider.tasks.get(second.task.id)).state).toBe('queued');

    const [one, two] = await Promise.all([first.wait(FAST_WAIT), second.wait(FAST_WAIT)]);
    expect(one).toMatchObject({ state: 'succeeded', queued: false });
    expect(two).toMatchObject({ state: 'succeeded', queued: true, ref: 'tags/2.5.0' });
    expect(Number(two.startedAt)).toBeGreaterThanOrEqual(Number(one.finishedAt));
    expect(two.id).not.toBe(one.id);
  });

  it('shows the stack queued/deploying and busy while redeploys run, then deployed', async () => {
    const clock = manualClock();
    const timed = await startCloud66Simulator({ clock, taskDurationMs: 10_000 });
    try {
      const client = createCloud66Provider(timed.config);
      const uid = timed.stackUid(STAGING);
      const status = async () => {
        const stack = await client.raw.stacks.get(uid);
        return [stack.status, stack.is_busy];
      };
      expect(await status()).toEqual([1, false]);
      await client.raw.deployments.create(uid, { gitRef: 'main' });
      expect(await status()).toEqual([6, true]);
      expect((await client.sites.get(uid)).status).toBe('busy');
      const queued = await client.raw.deployments.create(uid, { gitRef: 'main' });
      expect(queued.queued).toBe(true);
      clock.advance(10_000);
      expect(await status()).toEqual([6, true]);
      clock.advance(10_000);
      expect(await status()).toEqual([1, false]);
      expect((await client.sites.get(uid)).status).toBe('active');
    } finally {
      await timed.close();
    }
  });
});

describe('no async_action_id in the answer', () => {
  it.each(['null-action-id', 'pre-2019'] as const)(
    '%s: the wait follows the stack until it is no longer busy',
    async (answer) => {
      sim.setRedeployAnswer(answer);
      try {
        const uid = sim.stackUid(STAGING);
        const running = await provider.deploys.deploy(uid, { ref: 'main' });
        const queued = await provider.deploys.deploy(uid, { ref: 'tags/2.6.0' });
        expect(queued.task.id).toBe(stackTaskId(uid));
        expect(queued.queued).toBe(answer === 'null-action-id');
        expect(running.task).toMatchObject({ id: stackTaskId(uid), kind: 'stack_redeploy' });

        const actionPolls = polls(ACTION_POLL);
        const stackPolls = polls(STACK_POLL);
        const deployment = await queued.wait(FAST_WAIT);
        expect(deployment).toMatchObject({ state: 'succeeded', ref: 'tags/2.6.0' });
        expect(polls(ACTION_POLL)).toBe(actionPolls);
        expect(polls(STACK_POLL)).toBeGreaterThan(stackPolls + 1);
        // It waited for the queued deploy, not just the first: the stack is idle now.
        expect((await provider.raw.stacks.get(uid)).is_busy).toBe(false);
        await running.wait(FAST_WAIT);
      } finally {
        sim.setRedeployAnswer('current');
      }
    },
  );

  it('a failed deploy followed through the stack (status 2) throws TaskFailedError', async () => {
    sim.setRedeployAnswer('pre-2019');
    try {
      sim.failNextTasks(1, 'deploy');
      const operation = await provider.deploys.deploy(sim.stackUid(STAGING), { ref: 'tags/broken' });
      const error = await operation.wait(FAST_WAIT).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).task).toMatchObject({ state: 'failed', rawStatus: '2' });
    } finally {
      sim.setRedeployAnswer('current');
    }
  });
});

describe('a failed action', () => {
  it('throws TaskFailedError carrying its finished_message', async () => {
    sim.failNextTasks(1, 'deploy');
    const operation = await provider.deploys.deploy(sim.stackUid(STAGING), { ref: 'tags/broken' });
    const error = await operation.wait(FAST_WAIT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    const failed = error as TaskFailedError;
    expect(failed.task).toMatchObject({ state: 'failed', rawStatus: 'finished_success=false' });
    expect(failed.task.message).toBe('Deployment failed: the build step exited with status 1 (simulated failure)');
    expect(failed.message).toContain(failed.task.message);
    // The stack shows the failed deploy too.
    expect((await provider.raw.stacks.get(sim.stackUid(STAGING))).status).toBe(2);
  });

  it('a random failure rate fails actions that are not deploys too', async () => {
    const flaky = await startCloud66Simulator({ taskDurationMs: 100, taskFailureRate: 1 });
    try {
      const client = providerFor(flaky);
      const action = await client.raw.actions.run(flaky.stackUid(STAGING), { command: 'restart' });
      const error = await client.tasks
        .wait(`${flaky.stackUid(STAGING)}:${action.id}`, FAST_WAIT)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).task.message).toMatch(/^restart failed: simulated failure on /);
    } finally {
      await flaky.close();
    }
  });
});

describe('deploys', () => {
  it('redeploys a classic stack at a git ref, waits on the async action, and finds the deployment', async () => {
    const uid = fresh.stackUid(STAGING);
    const operation = await freshProvider.deploys.deploy(uid, {
      ref: 'tags/2.4.0',
      message: 'release 2.4.0',
      idempotencyKey: 'release-2.4.0:run-1',
    });
    expect(operation.queued).toBe(false);
    expect(operation.task).toMatchObject({ state: 'running', kind: 'application_deployment' });
    const deployment = await operation.wait(FAST_WAIT);
    expect(deploymentSchema.safeParse(deployment).success).toBe(true);
    expect(deployment).toMatchObject({ state: 'succeeded', scope: 'site', ref: 'tags/2.4.0', siteId: uid });

    const history = await collect(freshProvider.deploys.list(uid), { limit: 10 });
    expect(history[0]?.id).toBe(deployment.id);
    expect(history.length).toBe(4);
    // The user_reference (the vocabulary's message) lands in the action's metadata, with the idempotency key
    // after it (issue 15: the deploy is found again by its key when the answer is lost); the result and the
    // list read the message back without it.
    const action = await freshProvider.raw.actions.get(uid, operation.task.id.split(':')[1] as string);
    expect(action.metadata?.user_reference).toBe('release 2.4.0 omnihost:release-2.4.0:run-1');
    expect(deployment.message).toBe('release 2.4.0');
    expect(history[0]?.message).toBe('release 2.4.0');
  });

  it('keeps the ref asked for, the commit it resolved to and the message, the same in the result and the list', async () => {
    const uid = fresh.stackUid(PROD);
    const operation = await freshProvider.deploys.deploy(uid, { ref: 'tags/2.4.0', message: 'release 2.4.0 (-m)' });
    expect(operation.task.warnings).toBeUndefined();
    const deployment = await operation.wait(FAST_WAIT);
    // Issue 13: the result said `ref: tags/2.4.0`, the list a hash for the same id with `message: null`.
    expect(deployment.ref).toBe('tags/2.4.0');
    expect(deployment.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(deployment.message).toBe('release 2.4.0 (-m)');
    const [listed] = await collect(freshProvider.deploys.list(uid), { limit: 1 });
    expect(listed).toMatchObject({ id: deployment.id, commit: deployment.commit, message: 'release 2.4.0 (-m)' });
    // The list names the commit; the ref was the caller's, and a hash is never passed off as one.
    expect(listed?.ref).toBeUndefined();
    const older = await collect(freshProvider.deploys.list(uid), { limit: 10 });
    expect(older.slice(1).every((item) => item.message === undefined && item.commit !== undefined)).toBe(true);
  });

  it('cuts a message where the 255 characters of user_reference run out, key included, and says so', async () => {
    const logger = recordingLogger();
    const client = providerFor(fresh, { logger });
    const long = 'x'.repeat(300);
    // A 36-character key takes 46 characters (` omnihost:<key>`): 209 are left for the message.
    const key = 'k'.repeat(36);
    const operation = await client.deploys.deploy(fresh.stackUid(STAGING), {
      ref: 'main',
      message: long,
      idempotencyKey: key,
    });
    expect(operation.task.warnings).toEqual([
      'message not kept: Cloud 66 keeps 255 characters of user_reference, and the idempotency key takes 46; the first 209 characters were sent',
    ]);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    expect((await operation.wait(FAST_WAIT)).message).toBe('x'.repeat(209));
    const action = await client.raw.actions.get(fresh.stackUid(STAGING), operation.task.id.split(':')[1] as string);
    expect(action.metadata?.user_reference).toBe(`${'x'.repeat(209)} omnihost:${key}`);
    expect(action.metadata?.user_reference).toHaveLength(255);
    // A message that fits is sent whole, with no warning.
    const fits = await client.deploys.deploy(fresh.stackUid(STAGING), {
      ref: 'main',
      message: 'y'.repeat(209),
      idempotencyKey: `${'k'.repeat(35)}2`,
    });
    expect(fits.task.warnings).toBeUndefined();
    expect((await fits.wait(FAST_WAIT)).message).toBe('y'.repeat(209));
  });

  it('refuses a site id Cloud 66 never issues with NotFoundError, before sending anything', async () => {
    const before = fresh.server.stats().requests;
    for (const id of ['999999-doesnotexist', '24-a47ac10b-58cc-4372-a567-0e02b2c3d470', '../stacks']) {
      await expect(freshProvider.deploys.deploy(id, { ref: 'main' }), id).rejects.toThrow(
        /is not a Cloud 66 site id \(a hexadecimal stack uid\)/,
      );
      await expect(collect(freshProvider.deploys.list(id), { limit: 1 })).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(fresh.server.stats().requests).toBe(before);
  });

  it('redeploys a Docker stack by services at the image tag the ref names', async () => {
    const operation = await freshProvider.deploys.deploy(fresh.stackUid(DOCKER), { ref: 'tags/2.4.0' });
    expect((await operation.wait(FAST_WAIT)).state).toBe('succeeded');
    await expect(freshProvider.deploys.deploy(fresh.stackUid(DOCKER), { ref: 'feature/a b' })).rejects.toThrow(
      /not an image tag/,
    );
  });

  it('cannot promote another stack', async () => {
    await expect(
      freshProvider.deploys.deploy(fresh.stackUid(STAGING), { fromSiteId: fresh.stackUid(PROD) }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('cancels a running deploy: the task is cancelled, as the listed deployment is, not failed', async () => {
    const slow = await startCloud66Simulator({ taskDurationMs: 60_000 });
    try {
      const slowProvider = providerFor(slow);
      const uid = slow.stackUid(STAGING);
      const operation = await slowProvider.deploys.deploy(uid, { ref: 'main' });
      await slowProvider.tasks.cancel(operation.task.id);
      const error = await operation.wait(FAST_WAIT).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TaskFailedError);
      // Issue 13: `tasks wait` said failed ("finished_success=false: Deployment cancelled", exit 15) while
      // `deploys list` said cancelled. A cancel is `cancelled` on every vendor.
      expect((error as TaskFailedError).task).toMatchObject({
        state: 'cancelled',
        message: 'Deployment cancelled',
        rawStatus: 'finished_success=false',
      });
      const waited = await slowProvider.tasks.wait(operation.task.id, FAST_WAIT).catch((caught: unknown) => caught);
      expect((waited as TaskFailedError).task.state).toBe('cancelled');
      const [listed] = await collect(slowProvider.deploys.list(uid), { limit: 1 });
      expect(listed?.state).toBe('cancelled');
      expect(slow.server.stats().executions['deployment-cancel']).toBe(1);
    } finally {
      await slow.close();
    }
  });
});
