/**
 * The one table from a WIP status (a bitmask) to the task state: decided on the number, never on
 * `status_string`, and an unrecognised code is never a success.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWipDone, toTask, WIP_DONE_MASK, wipTaskSchema, wipTaskState } from '../../src/index.js';

const row = (status: string, extra: Record<string, string> = {}) =>
  wipTaskSchema.parse({ id: '77', name: 'SiteArchive 12', status, added: '1700000000', completed: '0', ...extra });

describe('WIP status table', () => {
  it('maps the documented codes and masks', () => {
    const table = Object.fromEntries([1, 2, 3, 4, 8, 12, 16, 32, 64, 144].map((code) => [code, wipTaskState(code)]));
    expect(table).toEqual({
      1: 'queued',
      2: 'queued',
      3: 'queued',
      4: 'running',
      8: 'running',
      12: 'running',
      16: 'succeeded',
      32: 'failed',
      64: 'cancelled',
      144: 'succeeded',
    });
  });

  it('treats an unrecognised finished code as a failure, not a success, and nonsense as unknown', () => {
    expect(wipTaskState(128)).toBe('failed');
    expect(wipTaskState(48)).toBe('failed');
    expect(wipTaskState(96)).toBe('cancelled');
    expect(wipTaskState(WIP_DONE_MASK)).toBe('cancelled');
    for (const nonsense of [0, -16, 1.5, Number.NaN]) expect(wipTaskState(nonsense)).toBe('unknown');
  });

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

  it('for any code: success only for 16 and 144; done exactly when status & 240; never success when not done', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), (status) => {
        const state = wipTaskState(status);
        if (state === 'succeeded') expect([16, 144]).toContain(status);
        const terminal = state === 'succeeded' || state === 'failed' || state === 'cancelled';
        expect(isWipDone(status)).toBe((status & 240) !== 0);
        if (terminal) expect(isWipDone(status)).toBe(true);
        if (!isWipDone(status)) expect(terminal).toBe(false);
      }),
    );
  });

  it('refuses a row without a usable status instead of guessing', () => {
    expect(wipTaskSchema.safeParse({ id: '1', name: 'x' }).success).toBe(false);
    expect(wipTaskSchema.safeParse({ id: '1', status: 'Completed' }).success).toBe(false);
  });
});
