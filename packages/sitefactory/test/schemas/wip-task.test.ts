/**
 * The WIP task schemas: what a task-starting call answers (`task_id`, and the update doc's `task_is`), and a
 * task row, which is refused without a usable numeric `status` rather than guessed at.
 */
import { describe, expect, it } from 'vitest';
import { taskStartedSchema, wipTaskSchema } from '../../src/index.js';

describe('task starts', () => {
  it('reads task_id, and the update doc’s task_is typo', () => {
    expect(taskStartedSchema.parse({ message: 'Update initiated.', task_id: 123 }).taskId).toBe('123');
    expect(taskStartedSchema.parse({ task_is: '456' }).taskId).toBe('456');
    expect(taskStartedSchema.safeParse({ message: 'Update initiated.' }).success).toBe(false);
  });
});

describe('WIP task rows', () => {
  it('refuses a row without a usable status instead of guessing', () => {
    expect(wipTaskSchema.safeParse({ id: '1', name: 'x' }).success).toBe(false);
    expect(wipTaskSchema.safeParse({ id: '1', status: 'Completed' }).success).toBe(false);
  });
});
