/** OnApp backup → Backup on its own: kind, state from `built`, trigger, size in KB. */
import { backupSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { type OnAppBackup, toBackup } from '../../src/index.js';

const backup = (fields: Partial<OnAppBackup>): OnAppBackup => ({ id: 1951, ...fields }) as OnAppBackup;

describe('onapp backup → backup', () => {
  it('maps a built disk backup: completed, one disk component, size from KB', () => {
    const mapped = toBackup(
      backup({
        built: true,
        target_type: 'Disk',
        target_id: 11860,
        backup_size: 2,
        initiated: 'days',
        note: 'nightly',
        created_at: '2013-12-24T11:30:00Z',
        built_at: '2013-12-24T11:34:06Z',
      }),
      '74',
      { raw: true },
    );
    expect(backupSchema.safeParse(mapped).success).toBe(true);
    expect(mapped).toMatchObject({
      vendor: 'onapp',
      id: '1951',
      siteId: '74',
      state: 'completed',
      trigger: 'scheduled',
      label: 'nightly',
      components: ['disk 11860'],
      sizeBytes: 2048,
      rawStatus: 'built=true',
    });
    expect(mapped.completedAt?.toISOString()).toBe('2013-12-24T11:34:06.000Z');
  });

  it('maps an incremental backup being taken, and an old panel’s backup_type', () => {
    expect(
      toBackup(backup({ built: false, target_type: 'VirtualMachine', initiated: 'manual' }), '74', {}),
    ).toMatchObject({ state: 'pending', trigger: 'manual', components: ['incremental'], sizeBytes: undefined });
    expect(toBackup(backup({ backup_type: 'days-autobackup' }), '74', {})).toMatchObject({
      state: 'unknown',
      trigger: 'scheduled',
      rawStatus: 'built=unknown',
    });
  });

  it('reads the label without the idempotency key a start wrote into the note (issue 15)', () => {
    expect(toBackup(backup({ note: 'pre-release omnihost:run-7:site-1' }), '74', {}).label).toBe('pre-release');
    expect(toBackup(backup({ note: 'omnihost:0b7c' }), '74', {}).label).toBeUndefined();
    expect(toBackup(backup({ note: null }), '74', {}).label).toBeUndefined();
  });
});
