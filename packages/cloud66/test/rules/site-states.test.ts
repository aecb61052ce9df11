/**
 * Cloud 66's site rule (CLOUD66_SITE_STATES): stack `status` 0–7 → site status, stack `health` 0–4, and the
 * two overrides that live in the table: `is_busy` and a deployed stack whose servers are failing.
 */
import { describe, expect, it } from 'vitest';
import {
  CLOUD66_SITE_STATES,
  STACK_HEALTH_TABLE,
  STACK_STATUS_TABLE,
  siteStatusOf,
  stackHealthRow,
  stackSchema,
  stackStatusInfo,
  stackStatusRow,
  stackToSite,
} from '../../src/index.js';

describe('stack status 0–7', () => {
  it.each([
    [0, 'STK_QUEUED', 'provisioning'],
    [1, 'STK_SUCCESS', 'active'],
    [2, 'STK_FAILED', 'failed'],
    [3, 'STK_ANALYSING', 'provisioning'],
    [4, 'STK_ANALYSED', 'provisioning'],
    [5, 'STK_QUEUED_FOR_DEPLOYING', 'busy'],
    [6, 'STK_DEPLOYING', 'busy'],
    [7, 'STK_TERMINAL_FAILURE', 'failed'],
  ] as const)('%i is %s: site %s', (code, name, site) => {
    expect(stackStatusInfo(code)).toMatchObject({ name, site });
    expect(siteStatusOf({ status: code, health: 3, is_busy: false })).toBe(site);
  });

  it('has exactly the eight documented codes; anything else is unknown, never active', () => {
    expect(Object.keys(CLOUD66_SITE_STATES.status).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const code of [-1, 8, 99, null, undefined]) {
      expect(stackStatusInfo(code)).toMatchObject({ name: 'UNKNOWN', site: 'unknown' });
      expect(siteStatusOf({ status: code, health: 3, is_busy: false })).toBe('unknown');
    }
  });

  it('a busy stack is busy whatever its status (the override is in the table)', () => {
    expect(CLOUD66_SITE_STATES.overrides.busy).toBe('busy');
    for (const status of [0, 1, 2, 7, 99, null]) {
      expect(siteStatusOf({ status, health: 3, is_busy: true })).toBe('busy');
    }
    expect(siteStatusOf({ status: 1, health: 3, is_busy: false })).toBe('active');
  });
});

describe('stack health 0–4', () => {
  it.each([
    [0, 'HLT_UNKNOWN', 'unknown'],
    [1, 'HLT_BUILDING', 'building'],
    [2, 'HLT_PARTIAL', 'impaired'],
    [3, 'HLT_OK', 'healthy'],
    [4, 'HLT_BROKEN', 'broken'],
  ] as const)('%i is %s (%s)', (code, name, health) => {
    expect(stackHealthRow(code)).toMatchObject({ name, health });
  });

  it('has exactly the five documented codes', () => {
    expect(Object.keys(CLOUD66_SITE_STATES.health).map(Number)).toEqual([0, 1, 2, 3, 4]);
    expect(stackHealthRow(5).health).toBe('unknown');
  });

  it('a deployed stack whose health is broken is a failed site; other statuses and healths are left alone', () => {
    expect(CLOUD66_SITE_STATES.overrides.activeButBroken).toBe('failed');
    expect(siteStatusOf({ status: 1, health: 4, is_busy: false })).toBe('failed');
    expect(siteStatusOf({ status: 1, health: 2, is_busy: false })).toBe('active');
    expect(siteStatusOf({ status: 6, health: 4, is_busy: false })).toBe('busy');
    expect(siteStatusOf({ status: 1, health: 4, is_busy: true })).toBe('busy');
    expect(stackToSite(stackSchema.parse({ uid: 'a'.repeat(32), status: 1, health: 4 })).status).toBe('failed');
  });
});

describe('deprecated names', () => {
  it('STACK_STATUS_TABLE and stackStatusRow still give the combined rows, built from the two tables', () => {
    expect(STACK_STATUS_TABLE).toEqual({
      0: { name: 'STK_QUEUED', label: 'Pending analysis', site: 'provisioning', task: 'queued' },
      1: { name: 'STK_SUCCESS', label: 'Deployed successfully', site: 'active', task: 'succeeded' },
      2: { name: 'STK_FAILED', label: 'Deployment failed', site: 'failed', task: 'failed' },
      3: { name: 'STK_ANALYSING', label: 'Analyzing', site: 'provisioning', task: 'running' },
      4: { name: 'STK_ANALYSED', label: 'Analyzed', site: 'provisioning', task: 'queued' },
      5: { name: 'STK_QUEUED_FOR_DEPLOYING', label: 'Queued for deployment', site: 'busy', task: 'queued' },
      6: { name: 'STK_DEPLOYING', label: 'Deploying', site: 'busy', task: 'running' },
      7: { name: 'STK_TERMINAL_FAILURE', label: 'Unable to analyze', site: 'failed', task: 'failed' },
    });
    for (const code of [0, 1, 2, 3, 4, 5, 6, 7]) expect(stackStatusRow(code)).toEqual(STACK_STATUS_TABLE[code]);
    for (const code of [-1, 8, 99, null, undefined]) {
      expect(stackStatusRow(code)).toEqual({
        name: 'UNKNOWN',
        label: 'Unknown status',
        site: 'unknown',
        task: 'unknown',
      });
    }
  });

  it('STACK_HEALTH_TABLE is the health part of CLOUD66_SITE_STATES', () => {
    expect(STACK_HEALTH_TABLE).toBe(CLOUD66_SITE_STATES.health);
  });
});
