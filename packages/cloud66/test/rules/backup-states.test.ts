/** Cloud 66's backup rule (CLOUD66_BACKUP_STATES): `backup_status` 0 is completed, 1 failed, anything else unknown. */
import { describe, expect, it } from 'vitest';
import { BACKUP_STATUS_TABLE, backupStateOf, CLOUD66_BACKUP_STATES } from '../../src/index.js';

describe('backup_status', () => {
  it('has the two codes the Go client knows; anything else is unknown, never completed', () => {
    expect(CLOUD66_BACKUP_STATES).toEqual({ 0: 'completed', 1: 'failed' });
    expect([backupStateOf(0), backupStateOf(1)]).toEqual(['completed', 'failed']);
    for (const status of [-1, 2, 3, null, undefined]) expect(backupStateOf(status)).toBe('unknown');
  });

  it('BACKUP_STATUS_TABLE (deprecated) is the same table', () => {
    expect(BACKUP_STATUS_TABLE).toBe(CLOUD66_BACKUP_STATES);
  });
});
