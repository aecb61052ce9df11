/**
 * The simulator's own behaviour (src/testing/): how simulated tasks end and how long they take, which is
 * core's TaskOutcomePolicy (`failNextTasks` outcomes first, in order, then the seeded failure rate; per-kind
 * durations), and the options it refuses. Every exchange is checked against the official spec at the end.
 */
import { collect, type Site, type Task, TaskFailedError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { describe, expect, it } from 'vitest';
import { startAcquiaSimulator } from '../../src/testing/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, siteOfStage, startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();
const fast = { timeoutMs: 20_000, minIntervalMs: 20, maxIntervalMs: 100 };

async function sitesOf(recorded: RecordedSimulator): Promise<Site[]> {
  return collect(recorded.provider().sites.list(), { limit: 100 });
}

describe('acquia simulator: how tasks end', () => {
  it('failNextTasks fails the next tasks of its kind, in the order scripted; other tasks succeed', async () => {
    const recorded = await startRecordedSimulator(log, { seed: 81, taskDurationMs: 50 });
    try {
      const acquia = recorded.provider();
      const sites = await sitesOf(recorded);
      const prod = siteOfStage(sites, 'prod');
      const staging = siteOfStage(sites, 'test');
      recorded.sim.failNextTasks(1, 'deploy');
      recorded.sim.failNextTasks(1, 'backup');
      recorded.sim.failNextTasks(1, 'any');
      const outcome = (work: Promise<unknown>) =>
        work.then(
          () => 'succeeded',
          (error: unknown) => (error instanceof TaskFailedError ? 'failed' : error),
        );
      // The backup takes the scripted backup failure, although the deploy's was scripted first.
      expect(await outcome((await acquia.backups.create(prod.id)).wait(fast))).toBe('failed');
      expect(await outcome((await acquia.deploys.deploy(staging.id, { ref: 'main' })).wait(fast))).toBe('failed');
      // `any` covers the file copy (neither a backup nor a deploy); then nothing is scripted any more.
      expect(await outcome((await acquia.deploys.copyFiles(staging.id, { fromSiteId: prod.id })).wait(fast))).toBe(
        'failed',
      );
      expect(await outcome((await acquia.deploys.deploy(staging.id, { ref: 'main' })).wait(fast))).toBe('succeeded');
      expect(await outcome((await acquia.backups.create(prod.id)).wait(fast))).toBe('succeeded');
    } finally {
      await recorded.close();
    }
  });

  it('the failure rate is drawn from the seed: the same seed fails the same tasks', async () => {
    const run = async () => {
      const clock = manualClock();
      const recorded = await startRecordedSimulator(log, { seed: 82, taskFailureRate: 0.5, clock, taskDurationMs: 10 });
      try {
        const acquia = recorded.provider();
        const prod = siteOfStage(await sitesOf(recorded), 'prod');
        const started: Task[] = [];
        for (let index = 0; index < 12; index += 1) started.push((await acquia.backups.create(prod.id)).task);
        clock.advance(1_000);
        return await Promise.all(started.map(async (task) => (await acquia.tasks.get(task)).state));
      } finally {
        await recorded.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['succeeded', 'failed']));
  });

  it('taskDurations overrides taskDurationMs per kind of task', async () => {
    const clock = manualClock();
    const recorded = await startRecordedSimulator(log, {
      seed: 83,
      clock,
      taskDurationMs: 1_000,
      taskDurations: { backup: 60_000 },
    });
    try {
      const acquia = recorded.provider();
      const sites = await sitesOf(recorded);
      const backup = (await acquia.backups.create(siteOfStage(sites, 'prod').id)).task;
      const deploy = (await acquia.deploys.deploy(siteOfStage(sites, 'test').id, { ref: 'main' })).task;
      clock.advance(1_500);
      expect((await acquia.tasks.get(deploy)).state).toBe('succeeded');
      expect((await acquia.tasks.get(backup)).state).toBe('running');
      clock.advance(60_000);
      expect((await acquia.tasks.get(backup)).state).toBe('succeeded');
    } finally {
      await recorded.close();
    }
  });

  it('refuses options that make no sense, naming them, before it starts', async () => {
    await expect(startAcquiaSimulator({ taskFailureRate: 2 })).rejects.toThrow(/taskFailureRate/);
    await expect(startAcquiaSimulator({ siteCount: 0 })).rejects.toThrow(/siteCount/);
    await expect(startAcquiaSimulator({ environmentsPerApplication: 1.5 })).rejects.toThrow(
      /environmentsPerApplication/,
    );
  });
});

specFidelitySuite('testing/simulator.test.ts', log);
