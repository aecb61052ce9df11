/** OnApp's site table on its own: server flags → site status, first matching row wins. */
import { describe, expect, it } from 'vitest';
import { ONAPP_SITE_STATES, rawServerStatus, SITE_STATUS_TABLE, siteStatusOf } from '../../src/index.js';

describe('server flags → site status', () => {
  it('follows the table in order', () => {
    expect(siteStatusOf({ built: true, booted: true, locked: false })).toBe('active');
    expect(siteStatusOf({ built: true, booted: false, locked: false })).toBe('stopped');
    expect(siteStatusOf({ built: true, booted: true, locked: true })).toBe('busy');
    expect(siteStatusOf({ built: false, booted: false, locked: true })).toBe('provisioning');
    expect(siteStatusOf({ built: true, booted: true, suspended: true })).toBe('stopped');
    expect(siteStatusOf({})).toBe('unknown');
    expect(rawServerStatus({ built: true, booted: false, locked: false, suspended: false })).toBe(
      'built=true booted=false locked=false',
    );
    expect(rawServerStatus({})).toBe('unknown');
  });

  it('keeps the old name SITE_STATUS_TABLE as the same table', () => {
    expect(SITE_STATUS_TABLE).toBe(ONAPP_SITE_STATES);
    expect(ONAPP_SITE_STATES.map((row) => row.status)).toEqual([
      'stopped',
      'provisioning',
      'busy',
      'active',
      'stopped',
    ]);
  });
});
