/**
 * The one table from a WIP status (a bitmask) to the task state, `SITE_FACTORY_TASK_STATES`: an
 * unrecognised finished code is never a success, and nonsense is `unknown`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isWipDone,
  SITE_FACTORY_TASK_STATES,
  WIP_DONE_MASK,
  WIP_STATUS_TABLE,
  wipStatusRule,
  wipTaskState,
} from '../../src/index.js';

describe('SITE_FACTORY_TASK_STATES', () => {
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

  it('is the one table: every rule a status matches comes from it, and the old name is the same table', () => {
    expect(WIP_STATUS_TABLE).toBe(SITE_FACTORY_TASK_STATES);
    for (const status of [1, 2, 3, 4, 8, 12, 16, 32, 48, 64, 96, 128, 144, 240]) {
      const rule = wipStatusRule(status);
      expect(rule && SITE_FACTORY_TASK_STATES.includes(rule), String(status)).toBe(true);
    }
    // Exact codes are tried before the masks: 144 has bit 128 (a mask of 240) set but is a success.
    expect(wipStatusRule(144)).toMatchObject({ name: 'WARNING', warnings: true });
  });
});
