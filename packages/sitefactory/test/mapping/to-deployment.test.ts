/**
 * A code update in the vocabulary: the updater task decides the state, the scope is the stack, and the
 * update status adds its message and the count of failed site updates when the task says nothing.
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
  it('takes the state from the updater task and the summary from the update status', () => {
    const update = updateStatusSchema.parse({
      message: 'Update failed',
      statuses: { completed: '3', error: '2' },
      start_time: 1700000000,
      end_time: '1700000600',
    });
    const deployment = toDeployment({ task, siteId: '191', ref: 'tags/2.4.0', stackId: 2, update });
    expect(deployment).toMatchObject({
      vendor: 'sitefactory',
      id: '5001',
      siteId: '191',
      ref: 'tags/2.4.0',
      state: 'failed',
      scope: 'stack',
      message: 'Update failed; 2 site update(s) failed',
      startedAt: new Date(1700000000 * 1000),
      finishedAt: new Date(1700000600 * 1000),
      rawStatus: '32',
    });
    expect(deployment.raw).toMatchObject({ stackId: 2 });
  });

  it('prefers the task’s own message and times when there is no update status', () => {
    const deployment = toDeployment({
      task: { ...task, message: 'the updater died', finishedAt: new Date(2000) },
      siteId: '191',
      ref: 'main',
      stackId: 1,
      update: undefined,
    });
    expect(deployment).toMatchObject({
      message: 'the updater died',
      startedAt: new Date(1000),
      finishedAt: new Date(2000),
    });
  });
});
