/** Acquia's stage rule (src/rules/environments.ts): the machine name, then `flags.production`. */
import { describe, expect, it } from 'vitest';
import { acquiaEnvironmentOf } from '../../src/index.js';

describe('acquia environments', () => {
  it('reads the stage from the name, and falls back to the production flag only when the name says nothing', () => {
    expect(acquiaEnvironmentOf('prod', undefined)).toBe('prod');
    expect(acquiaEnvironmentOf('test', null)).toBe('staging');
    expect(acquiaEnvironmentOf('dev', { production: true })).toBe('dev');
    expect(acquiaEnvironmentOf('ode12', {})).toBe('dev');
    expect(acquiaEnvironmentOf('ra', { production: true })).toBe('prod');
    expect(acquiaEnvironmentOf('ra', { production: 'yes' })).toBe('other');
    expect(acquiaEnvironmentOf('ra', undefined)).toBe('other');
  });
});
