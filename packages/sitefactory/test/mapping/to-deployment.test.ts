/**
 * A code update in the vocabulary: the updater task decides the state, the scope is the stack and the sites
 * on it, the update status adds its times. A code update keeps no message, so `message` (the caller's note
 * where a vendor keeps one, issue 13) is unset and the vendor's summary stays in `raw`.
 */
import type { Task } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { toDeployment, updateStatusSchema } from '../../src/index.js';

const task: Task = {
  vendor: 'sitefactory',
  id: '5001',
  state: 'failed',
  rawStatus: '32',
  startedAt: new Date(1000),
  raw: {},
};

describe('toDeployment', () => {
  it('takes the state from the updater task, the times from the update status, and keeps no message', () => {
    const update = updateStatusSchema.parse({
      message: 'Update failed',
      statuses: { completed: '3', error: '2' },
      start_time: 1700000000,
      end_time: '1700000600',
    });
    const deployment = toDeployment({
      task,
      siteId: '191',
      ref: 'tags/2.4.0',
      stackId: 2,
      update,
      affectedSiteIds: ['191', '196'],
    });
    expect(deployment).toMatchObject({
      vendor: 'sitefactory',
      id: '5001',
      siteId: '191',
      ref: 'tags/2.4.0',
      state: 'failed',
      scope: 'stack',
      affectedSiteIds: ['191', '196'],
      startedAt: new Date(1700000000 * 1000),
      finishedAt: new Date(1700000600 * 1000),
      rawStatus: '32',
    });
    expect(deployment.message).toBeUndefined();
    expect(deployment.commit).toBeUndefined();
    expect(deployment.raw).toMatchObject({ stackId: 2, update: { message: 'Update failed' } });
  });

  it('takes the task’s times when there is no update status; the task’s message is not a deploy message', () => {
    const deployment = toDeployment({
      task: { ...task, message: 'the updater died', finishedAt: new Date(2000) },
      siteId: '191',
      ref: 'main',
      stackId: 1,
      update: undefined,
    });
    expect(deployment).toMatchObject({ startedAt: new Date(1000), finishedAt: new Date(2000) });
    expect(deployment.message).toBeUndefined();
    expect(deployment.affectedSiteIds).toBeUndefined();
  });
});
