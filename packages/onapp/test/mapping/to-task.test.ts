/** Transaction → Task on its own: states from the table, a failed task's message from its log tail. */
import { taskSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { logTail, type Transaction, toTask } from '../../src/index.js';

describe('log tail', () => {
  it('keeps the last lines and leads with the error line when it is further up', () => {
    const log = ["System Error ('undefined method')", ...Array.from({ length: 20 }, (_, i) => `backtrace ${i}`)].join(
      '\n',
    );
    const tail = logTail(log) ?? '';
    expect(tail.startsWith("System Error ('undefined method') | … | backtrace 14")).toBe(true);
    expect(tail.endsWith('backtrace 19')).toBe(true);
    expect(logTail('\n\n')).toBeUndefined();
  });
});

describe('transaction → task', () => {
  const transaction = (fields: Partial<Transaction>): Transaction =>
    ({
      id: 42,
      action: 'take_backup',
      status: 'complete',
      created_at: '2026-01-01T10:00:00Z',
      started_at: '2026-01-01T10:00:01Z',
      updated_at: '2026-01-01T10:01:00Z',
      ...fields,
    }) as Transaction;

  it('maps a finished transaction, with its end time and no message', () => {
    const task = toTask(transaction({}), { raw: true });
    expect(taskSchema.safeParse(task).success).toBe(true);
    expect(task).toMatchObject({
      vendor: 'onapp',
      id: '42',
      state: 'succeeded',
      kind: 'take_backup',
      rawStatus: 'complete',
      message: undefined,
      raw: { raw: true },
    });
    expect(task.finishedAt?.toISOString()).toBe('2026-01-01T10:01:00.000Z');
    expect(toTask(transaction({ status: 'running' }), {}).finishedAt).toBeUndefined();
  });

  it("gives a failed transaction its log tail, or the failed step's log passed in, or its status", () => {
    expect(toTask(transaction({ status: 'failed', log_output: 'Running: x\nFatal: disk full' }), {}).message).toBe(
      'Running: x | Fatal: disk full',
    );
    expect(toTask(transaction({ status: 'cancelled', log_output: '' }), {}, 'build_disk failed\nEOF').message).toBe(
      'build_disk failed | EOF',
    );
    expect(toTask(transaction({ status: 'failed', log_output: null }), {}).message).toBe(
      'transaction take_backup failed',
    );
  });
});
