/** Acquia's site-state table (`ACQUIA_SITE_STATES`, src/rules/site-states.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACQUIA_SITE_STATES, ACQUIA_SITE_STATUSES, siteStatusOf } from '../../src/index.js';

describe('acquia site states (one table)', () => {
  it('maps the environment statuses Acquia reports; anything else is unknown', () => {
    expect(ACQUIA_SITE_STATES).toEqual({
      normal: 'active',
      provisioning: 'provisioning',
      deploying: 'busy',
      updating: 'busy',
      stopped: 'stopped',
      failed: 'failed',
    });
    for (const [status, state] of Object.entries(ACQUIA_SITE_STATES)) expect(siteStatusOf(status)).toBe(state);
    for (const other of ['Normal', 'weird', '', 'constructor', '__proto__', 'toString']) {
      expect(siteStatusOf(other)).toBe('unknown');
    }
  });

  it('property: no status outside the table is ever active', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        expect(siteStatusOf(status) === 'active').toBe(status === 'normal');
      }),
    );
  });

  it('keeps the old name as an alias of the same table', () => {
    expect(ACQUIA_SITE_STATUSES).toBe(ACQUIA_SITE_STATES);
  });
});
