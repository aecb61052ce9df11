/**
 * Acquia's task table (`ACQUIA_TASK_STATES`, src/rules/task-states.ts), including a property-based test:
 * whatever status a notification carries, an unknown one is never success.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACQUIA_TASK_STATES, taskStateOf } from '../../src/index.js';

describe('acquia task states (one table)', () => {
  it('maps exactly the spec’s three statuses; anything else is unknown', () => {
    expect(ACQUIA_TASK_STATES).toEqual({ 'in-progress': 'running', completed: 'succeeded', failed: 'failed' });
    for (const other of ['error', 'Completed', 'done', '', 'constructor', '__proto__', 'toString']) {
      expect(taskStateOf(other)).toBe('unknown');
    }
  });

  it('property: no status but `completed` ever maps to succeeded', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        const state = taskStateOf(status);
        expect(state === 'succeeded').toBe(status === 'completed');
      }),
    );
  });
});
