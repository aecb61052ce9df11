/**
 * Redeploys on a busy stack (`queued: true`), the fallback to the stack's `is_busy`/status when the answer
 * has no `async_action_id`, and failures carrying the action's `finished_message`.
 */
import { TaskFailedError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { createCloud66Provider, stackTaskId } from '../src/index.js';
import { startCloud66Simulator } from '../src/testing/index.js';
import { FAST_WAIT, providerFor, STAGING, simulatorForFile } from './helpers.js';

const sim = await simulatorForFile({ taskDurationMs: 250 });
const provider = providerFor(sim);

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
