/** A rebuild's task → Deployment on its own: the task of the chain's last step, on the rebuilt server. */
import { deploymentSchema, type Task } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { toDeployment } from '../../src/index.js';

const task = (fields: Partial<Task>): Task => ({
  vendor: 'onapp',
  id: '1547',
  state: 'succeeded',
  rawStatus: 'complete',
  createdAt: new Date('2026-01-01T10:00:00Z'),
  finishedAt: new Date('2026-01-01T10:05:00Z'),
  raw: { id: 1547 },
  ...fields,
});

describe('rebuild task → deployment', () => {
  it('carries the task’s id, state, times and raw record, with the server and the ref', () => {
    const deployment = toDeployment(task({}), '34', 'tags/2.4.0');
    expect(deploymentSchema.safeParse(deployment).success).toBe(true);
    expect(deployment).toEqual({
      vendor: 'onapp',
      id: '1547',
      siteId: '34',
      ref: 'tags/2.4.0',
      state: 'succeeded',
      scope: 'site',
      message: undefined,
      startedAt: new Date('2026-01-01T10:00:00Z'),
      finishedAt: new Date('2026-01-01T10:05:00Z'),
      rawStatus: 'complete',
      raw: { id: 1547 },
    });
  });

  it('has no end time while running; a failed step’s log stays on the task, not in the deploy message', () => {
    expect(toDeployment(task({ state: 'running', rawStatus: 'running' }), '34', 'main').finishedAt).toBeUndefined();
    // Issue 13: `message` is the caller's note where a vendor keeps one; a rebuild keeps none. The failed
    // step's log reaches the caller on the task (TaskFailedError.task.message).
    const cancelled = toDeployment(task({ state: 'cancelled', message: 'build_disk failed | EOF' }), '34', 'main');
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.message).toBeUndefined();
  });
});
