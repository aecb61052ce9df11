/**
 * A WIP task row in the vocabulary: the state decided on the number, never on `status_string`, a failure's
 * message from `error_message`, and a 144's warning carried on a success.
 */
import { describe, expect, it } from 'vitest';
import { toTask, wipTaskSchema } from '../../src/index.js';

const row = (status: string, extra: Record<string, string> = {}) =>
  wipTaskSchema.parse({ id: '77', name: 'SiteArchive 12', status, added: '1700000000', completed: '0', ...extra });

describe('toTask', () => {
  it('decides on the number, never on status_string', () => {
    expect(toTask(row('16', { status_string: 'Error' })).state).toBe('succeeded');
    expect(toTask(row('32', { status_string: 'Completed', error_message: 'drush failed' }))).toMatchObject({
      state: 'failed',
      message: 'drush failed',
      rawStatus: '32',
    });
    expect(toTask(row('64', { status_string: 'In Progress' })).state).toBe('cancelled');
  });

  it('keeps a 144 a success and carries its warning', () => {
    const task = toTask(row('144', { error_message: 'a module reported warnings', completed: '1700000100' }));
    expect(task.state).toBe('succeeded');
    expect(task.warnings).toEqual(['a module reported warnings']);
    expect(task.finishedAt?.toISOString()).toBe('2023-11-14T22:15:00.000Z');
  });
});
