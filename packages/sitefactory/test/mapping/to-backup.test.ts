/**
 * A site backup in the vocabulary: `complete` decides the state; the undocumented `status` is kept raw.
 */
import { describe, expect, it } from 'vitest';
import { backupRowSchema, toBackup } from '../../src/index.js';

const row = (extra: Record<string, unknown>) =>
  backupRowSchema.parse({ id: '44', nid: '191', timestamp: '1700000000', label: 'nightly', ...extra });

describe('toBackup', () => {
  it('is completed, pending or unknown as `complete` says', () => {
    expect(toBackup(row({ complete: true })).state).toBe('completed');
    expect(toBackup(row({ complete: '0' })).state).toBe('pending');
    expect(toBackup(row({})).state).toBe('unknown');
  });

  it('keeps ids, label, parts and time, with the raw status', () => {
    const backup = toBackup(row({ complete: true, status: 1, componentList: ['database', 'themes'] }));
    expect(backup).toMatchObject({
      vendor: 'sitefactory',
      id: '44',
      siteId: '191',
      label: 'nightly',
      components: ['database', 'themes'],
      createdAt: new Date(1700000000 * 1000),
      rawStatus: '1',
    });
    expect(toBackup(row({ complete: false, label: '' }))).toMatchObject({ label: undefined, rawStatus: 'false' });
  });

  it('reads the label as the caller wrote it, without the idempotency key a start added (issue 15)', () => {
    const keyed = toBackup(row({ label: 'pre-release omnihost:run-7.site-1' }));
    expect(keyed.label).toBe('pre-release');
    expect((keyed.raw as { label: string }).label).toBe('pre-release omnihost:run-7.site-1');
    expect(toBackup(row({ label: 'omnihost:only-the-key' })).label).toBeUndefined();
  });
});
