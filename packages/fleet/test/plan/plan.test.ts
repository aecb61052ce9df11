import { ValidationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { overBudget, parseAccounts, parsePlan, refFor, siteMatcher, waveEnds } from '../../src/index.js';

const accounts = parseAccounts({
  accounts: [
    { name: 'acsf', vendor: 'sitefactory' },
    { name: 'servers', vendor: 'onapp' },
  ],
});

function fieldErrors(content: unknown): Record<string, string[]> {
  try {
    parsePlan(content, accounts);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { ...(error as ValidationError).fieldErrors } as Record<string, string[]>;
  }
  throw new Error('expected a ValidationError');
}

describe('plan', () => {
  it('reads the issue example: backup prod, deploy staging, deploy prod in waves with a budget', () => {
    const plan = parsePlan(
      {
        steps: [
          { action: 'backup', select: { environment: 'prod' }, label: 'pre-2.4.0' },
          { action: 'deploy', ref: 'tags/2.4.0', select: { environment: 'staging' } },
          {
            action: 'deploy',
            ref: { default: 'tags/2.4.0', servers: 'template-7' },
            select: { environment: 'prod', accounts: ['acsf'] },
            waves: [{ percent: 5 }, { percent: 100 }],
            maxFailures: '10%',
          },
        ],
      },
      accounts,
    );
    expect(plan.steps).toHaveLength(3);
    expect(plan.steps[2]?.maxFailures).toEqual({ percent: 10 });
    const deploy = plan.steps[2];
    if (deploy?.action !== 'deploy') throw new Error('deploy expected');
    expect(refFor(deploy, { name: 'servers', vendor: 'onapp' })).toBe('template-7');
    expect(refFor(deploy, { name: 'acsf', vendor: 'sitefactory' })).toBe('tags/2.4.0');
  });

  it('points at the bad field', () => {
    expect(fieldErrors({ steps: [{ action: 'restore' }] })).toEqual({
      'steps[0].action': ['action must be "backup" or "deploy"'],
    });
    expect(fieldErrors({ steps: [{ action: 'deploy' }] })).toHaveProperty(['steps[0].ref']);
    expect(
      fieldErrors({ steps: [{ action: 'backup', waves: [{ percent: 50 }, { percent: 20 }, { percent: 90 }] }] }),
    ).toEqual({
      'steps[0].waves[1].percent': ['waves are cumulative: must be more than the wave before (50)'],
      'steps[0].waves[2].percent': ['the last wave must be 100, so every selected site is reached'],
    });
    expect(fieldErrors({ steps: [{ action: 'backup', maxFailures: 'ten' }] })).toHaveProperty(['steps[0].maxFailures']);
    expect(fieldErrors({ steps: [{ action: 'backup', select: { environment: 'production' } }] })).toEqual({
      'steps[0].select.environment': [expect.stringContaining('prod, staging, dev, other')],
    });
    expect(fieldErrors({ steps: [] })).toEqual({ steps: ['a plan needs at least one step'] });
    expect(fieldErrors({ steps: [{ action: 'backup', lable: 'x' }] })).toEqual({
      'steps[0]': ['unknown field "lable"'],
    });
  });

  it('refuses an unknown account before anything runs', () => {
    expect(fieldErrors({ steps: [{ action: 'backup', select: { accounts: ['acsf', 'nope'] } }] })).toEqual({
      'steps[0].select.accounts[1]': ['unknown account "nope" (accounts names: acsf, servers)'],
    });
  });

  it('cuts waves by cumulative percentage, reaching at least one site', () => {
    expect(waveEnds(1000, [{ percent: 5 }, { percent: 100 }])).toEqual([50, 1000]);
    expect(waveEnds(10, [{ percent: 1 }, { percent: 50 }, { percent: 100 }])).toEqual([1, 5, 10]);
    expect(waveEnds(7, undefined)).toEqual([7]);
  });

  it('counts a budget as sites, or as a percentage of the sites reached', () => {
    expect(overBudget({ count: 2 }, 2, 10)).toBe(false);
    expect(overBudget({ count: 2 }, 3, 10)).toBe(true);
    expect(overBudget({ percent: 10 }, 1, 10)).toBe(false);
    expect(overBudget({ percent: 10 }, 2, 10)).toBe(true);
    expect(overBudget(undefined, 100, 100)).toBe(false);
  });

  it('selects by stage, id and name glob', () => {
    const site = (id: string, name: string, environment: 'prod' | 'staging') =>
      ({ vendor: 'onapp', id, name, environment, status: 'active', rawStatus: '', raw: {} }) as const;
    const match = siteMatcher({ environment: ['prod'], namePattern: 'shop-*' });
    expect(match(site('1', 'Shop-EU', 'prod'))).toBe(true);
    expect(match(site('2', 'blog', 'prod'))).toBe(false);
    expect(match(site('3', 'shop-us', 'staging'))).toBe(false);
    expect(siteMatcher({ siteIds: ['7'] })(site('7', 'x', 'staging'))).toBe(true);
  });
});
