/** The config check on its own: core's OnApp schema plus the OnApp-only fields. */
import { ConfigurationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { parseOnAppConfig } from '../src/index.js';

describe('config', () => {
  it('names missing fields, never values', () => {
    const error = (() => {
      try {
        parseOnAppConfig({ baseUrl: 'https://cp.example.net', email: 'ops@example.net', password: 'hunter2-secret' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(JSON.stringify(error)).not.toContain('hunter2-secret');
    expect((error as ConfigurationError).problems.join(' ')).toMatch(/email \+ apiKey/);
  });

  it('accepts login + password and the OnApp-only settings', () => {
    const parsed = parseOnAppConfig({
      baseUrl: 'https://cp.example.net',
      login: 'admin',
      password: 'pw',
      format: 'json',
      pageSize: 50,
      siteEnvironments: { '12': 'prod' },
    });
    expect(parsed).toMatchObject({ vendor: 'onapp', format: 'json', pageSize: 50 });
    expect(() =>
      parseOnAppConfig({ baseUrl: 'https://cp.example.net', login: 'a', password: 'b', pageSize: 0 }),
    ).toThrow(ConfigurationError);
  });
});
