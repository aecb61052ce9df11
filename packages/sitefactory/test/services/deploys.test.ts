/**
 * Deploys (code updates of a stack) against the simulator, on a manual clock that the waits advance, so
 * ten-minute updates end at once: the update percentage through `onProgress`, an update completed with
 * warnings, and one whose site update fails.
 */
import { collect, type Task, TaskFailedError } from '@omnihost/core';
import { manualClock } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteFactoryProvider } from '../../src/index.js';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import {
  checkTrafficAgainstSpec,
  type Recorded,
  stagingStackSite,
  startLongTasks,
  steppingClock,
} from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];

describe('sitefactory deploys (long tasks on a manual clock)', () => {
  const clock = manualClock();
  let env: Recorded;

  beforeAll(async () => {
    env = await startLongTasks(clock, traffic);
  });
  afterAll(() => env?.sim.close());
  const stagingStackSize = async () =>
    (await collect(env.provider.sites.list(), { limit: 200 })).filter((site) => site.group === '2').length;

  it('a deploy over 51 sites reports the update percentage through onProgress', async () => {
    const site = await stagingStackSite(env);
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/2.4.0' });
    const seen: Task[] = [];
    const deployment = await operation.wait({ clock: steppingClock(clock), onProgress: (task) => seen.push(task) });
    expect(deployment.state).toBe('succeeded');
    expect(deployment.scope).toBe('stack');
    const progress = seen.map((task) => task.progress).filter((value): value is number => value !== undefined);
    const between = progress.filter((value) => value > 0 && value < 100);
    expect(new Set(between).size).toBeGreaterThanOrEqual(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const status = await env.provider.raw.call('get_Update_status', { path: { update_id: deployment.id } });
    const total = await stagingStackSize();
    expect(total).toBeGreaterThanOrEqual(50);
    // Issue 13: the deployment names every site on the stack it updated, dev sites as well as staging ones.
    const onStack = (await collect(env.provider.sites.list(), { limit: 200 })).filter((item) => item.group === '2');
    expect([...(deployment.affectedSiteIds ?? [])].sort()).toEqual(onStack.map((item) => item.id).sort());
    expect(new Set(onStack.map((item) => item.environment))).toEqual(new Set(['staging', 'dev']));
    expect(deployment.affectedSiteIds).toContain(site.id);
    expect(status.docroot_pairs?.[0]?.total).toBe(total);
    expect(Number(status.statuses?.completed)).toBe(total);
  });

  it('keeps no deploy message: the started task and the logger say so, and it is not sent', async () => {
    const warnings: string[] = [];
    const provider = createSiteFactoryProvider({
      ...env.sim.config,
      rateLimit: false,
      logger: { warn: (line: string) => warnings.push(line) },
    });
    const site = await stagingStackSite(env);
    const mark = traffic.length;
    const operation = await provider.deploys.deploy(site.id, { ref: 'tags/2.4.0', message: 'release 2.4.0' });
    expect(operation.task.warnings).toEqual([
      'message not kept: a Site Factory code update keeps no message; it was not sent',
    ]);
    expect(warnings).toHaveLength(1);
    const start = traffic.slice(mark).find((exchange) => exchange.path === '/api/v1/update');
    expect(start?.bodyText).toContain('tags/2.4.0');
    expect(start?.bodyText).not.toContain('release 2.4.0');
    const deployment = await operation.wait({ clock: steppingClock(clock) });
    expect(deployment.message).toBeUndefined();
  });

  it('a deploy completed with warnings succeeds, and says so', async () => {
    env.sim.scriptNextTasks(1, 'deploy', 'warning');
    const site = await stagingStackSite(env);
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/2.4.1' });
    let last: Task | undefined;
    const deployment = await operation.wait({ clock: steppingClock(clock), onProgress: (task) => (last = task) });
    expect(deployment.state).toBe('succeeded');
    expect(deployment.rawStatus).toBe('144');
    // `message` is the caller's note where a vendor keeps one (issue 13), never the vendor's summary: the
    // warnings are on the task, and the update status stays in `raw`.
    expect(deployment.message).toBeUndefined();
    expect((deployment.raw as { update?: { message?: string } }).update?.message).toContain('warnings');
    expect(last?.warnings?.[0]).toContain('warnings');
  });

  it('a deploy whose site update fails stops, and throws TaskFailedError', async () => {
    env.sim.failNextTasks(1, 'deploy');
    const site = await stagingStackSite(env);
    const operation = await env.provider.deploys.deploy(site.id, { ref: 'tags/broken' });
    const error = (await operation
      .wait({ clock: steppingClock(clock) })
      .catch((caught: unknown) => caught)) as TaskFailedError;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task.state).toBe('failed');
    const status = await env.provider.raw.call('get_Update_status', { path: { update_id: error.task.id } });
    // The failed site and every site not reached yet count as errors; the ones before it completed.
    const total = await stagingStackSize();
    expect(Number(status.statuses?.completed)).toBe(Math.floor(total / 2));
    expect(Number(status.statuses?.error)).toBe(total - Math.floor(total / 2));
  });
});

checkTrafficAgainstSpec('deploys', () => traffic);
