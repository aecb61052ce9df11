/** OnApp's environment rule on its own: the config map, then the first stage word of label or hostname. */
import { describe, expect, it } from 'vitest';
import { environmentOfServer } from '../../src/index.js';

describe('labels → environment', () => {
  it('reads the first stage word of the label, then the hostname; the config map wins', () => {
    expect(environmentOfServer({ id: 1, label: 'shop-prod-01' }, undefined)).toEqual({
      environment: 'prod',
      name: 'prod',
    });
    expect(environmentOfServer({ id: 1, label: 'Web (Live)' }, undefined).environment).toBe('prod');
    expect(
      environmentOfServer({ id: 1, label: 'latest-build', hostname: 'api.staging.example.com' }, undefined),
    ).toEqual({
      environment: 'staging',
      name: 'staging',
    });
    expect(environmentOfServer({ id: 1, label: 'worker' }, undefined)).toEqual({
      environment: 'other',
      name: undefined,
    });
    expect(environmentOfServer({ id: 7, identifier: 'abc', label: 'shop-prod' }, { abc: 'dev' }).environment).toBe(
      'dev',
    );
    expect(environmentOfServer({ id: 7, label: 'shop-prod' }, { '7': 'staging' }).environment).toBe('staging');
  });
});
