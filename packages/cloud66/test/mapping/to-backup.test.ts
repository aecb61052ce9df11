/** Backups in the vocabulary, and the repair of Cloud 66's double-encoded signed download links. */
import { describe, expect, it } from 'vitest';
import { backupSchema, fixCloud66SignedUrl, toBackup, toDownloadLink } from '../../src/index.js';

describe('backups', () => {
  it('takes the state from the backup table and the date from backup_date_iso', () => {
    const backup = toBackup(
      's',
      backupSchema.parse({ id: '7', backup_status: 1, db_type: 'mysql', backup_date_iso: '2024-01-02T03:04:05Z' }),
    );
    expect(backup).toMatchObject({ id: '7', state: 'failed', rawStatus: '1', components: ['mysql'] });
    expect(backup.createdAt?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(toBackup('s', backupSchema.parse({ id: 8 }))).toMatchObject({ state: 'unknown', rawStatus: 'unknown' });
  });
});

describe('download links', () => {
  it('refuses a download link that is not http(s)', () => {
    expect(() => fixCloud66SignedUrl('javascript:alert(1)')).toThrow(/not an http/);
    expect(() => fixCloud66SignedUrl('not a url')).toThrow(/not an http/);
  });

  it('puts the segments in one link: the first URL, the earliest expiry', () => {
    const early = new Date(1_000_000);
    const link = toDownloadLink([
      { url: 'https://a/1', expiresAt: new Date(2_000_000) },
      { url: 'https://a/2', expiresAt: early },
    ]);
    expect(link).toMatchObject({ url: 'https://a/1', expiresAt: early });
    expect(toDownloadLink([])).toBeUndefined();
  });
});
