/** Acquia's backup tables (src/rules/backup-states.ts): derived status → state, backup type → trigger. */
import { describe, expect, it } from 'vitest';
import {
  ACQUIA_BACKUP_STATES,
  ACQUIA_BACKUP_TRIGGERS,
  backupRawStatus,
  backupSchema,
  backupStateOf,
  backupTriggerOf,
} from '../../src/index.js';

describe('acquia backup states (one table)', () => {
  it('derives the status from flags.deleted and completed_at, and maps it through the table', () => {
    const backup = (fields: Record<string, unknown>) => backupSchema.parse({ id: 1, ...fields });
    expect(backupRawStatus(backup({ completed_at: '2024-01-01T00:00:00+00:00' }))).toBe('completed');
    expect(backupRawStatus(backup({ completed_at: null }))).toBe('in-progress');
    expect(backupRawStatus(backup({ completed_at: '2024-01-01T00:00:00+00:00', flags: { deleted: true } }))).toBe(
      'deleted',
    );
    expect(ACQUIA_BACKUP_STATES).toEqual({ completed: 'completed', 'in-progress': 'pending', deleted: 'unknown' });
    expect(backupStateOf('completed')).toBe('completed');
    for (const other of ['Completed', '', 'constructor', '__proto__']) expect(backupStateOf(other)).toBe('unknown');
  });

  it('reads the trigger from the type, case-insensitively; unknown types leave it unset', () => {
    for (const [type, trigger] of Object.entries(ACQUIA_BACKUP_TRIGGERS)) {
      expect(backupTriggerOf(type)).toBe(trigger);
      expect(backupTriggerOf(type.toUpperCase())).toBe(trigger);
    }
    for (const other of [undefined, null, '', 'yearly', 'constructor', '__proto__']) {
      expect(backupTriggerOf(other)).toBeUndefined();
    }
  });
});
