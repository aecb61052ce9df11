/** OnApp's task table on its own: transaction status → task state. */
import { describe, expect, it } from 'vitest';
import { ONAPP_TASK_STATES, TASK_STATE_TABLE, taskStateOf } from '../../src/index.js';

describe('transaction status → task state', () => {
  it('maps every documented status, both spellings of cancelled, in any case', () => {
    expect(Object.keys(ONAPP_TASK_STATES).sort()).toEqual([
      'canceled',
      'cancelled',
      'complete',
      'failed',
      'pending',
      'running',
    ]);
    expect(['pending', 'running', 'complete', 'failed', 'cancelled', 'canceled'].map(taskStateOf)).toEqual([
      'queued',
      'running',
      'succeeded',
      'failed',
      'cancelled',
      'cancelled',
    ]);
    expect(taskStateOf('Complete')).toBe('succeeded'); // the activity log capitalises
    expect(taskStateOf(' failed ')).toBe('failed');
  });

  it('never reads an unknown status as success', () => {
    for (const status of ['done', 'Warn', '', null, undefined, '__proto__', 'toString', 'constructor']) {
      expect(taskStateOf(status)).toBe('unknown');
    }
  });

  it('keeps the old name TASK_STATE_TABLE as the same table', () => {
    expect(TASK_STATE_TABLE).toBe(ONAPP_TASK_STATES);
  });
});
