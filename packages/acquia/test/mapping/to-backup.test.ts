/** Database backups as omnihost Backups (src/mapping/to-backup.ts). */
import { describe, expect, it } from 'vitest';
import { backupSchema, toBackup, withRaw } from '../../src/index.js';

describe('acquia backups', () => {
  it('derives a backup’s state from its flags and dates, and keeps the untouched payload as raw', () => {
    const payload = { id: '7', started_at: '2017-03-28T13:07:54-0500', completed_at: null, type: 'ondemand' };
    const parsed = withRaw(backupSchema).parse(payload);
    const backup = toBackup(parsed.value, '1-x', parsed.raw);
    expect(backup).toMatchObject({ id: '7', state: 'pending', trigger: 'manual', rawStatus: 'in-progress' });
    expect(backup.createdAt?.toISOString()).toBe('2017-03-28T18:07:54.000Z');
    expect(backup.raw).toBe(payload);
    expect(toBackup(backupSchema.parse({ id: 8, flags: { deleted: true } }), '1-x').state).toBe('unknown');
  });
});
