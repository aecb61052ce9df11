/** Environments as omnihost Sites (src/mapping/to-site.ts). */
import { siteSchema } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { applicationUuidOfEnvironment, environmentSchema, environmentToSite } from '../../src/index.js';

const UUID = 'f4b37e3c-1a96-4ed4-ad20-3081fe0f9545';

describe('acquia sites', () => {
  const environment = (overrides: Record<string, unknown>) =>
    environmentSchema.parse({
      id: `24-${UUID}`,
      name: 'dev',
      label: 'Dev',
      status: 'normal',
      application: { uuid: UUID, name: 'Sample' },
      ...overrides,
    });

  it('maps stage names, falls back to the production flag, and keeps unknown statuses unknown', () => {
    expect(environmentToSite(environment({ name: 'test' })).environment).toBe('staging');
    expect(environmentToSite(environment({ name: 'ra', flags: { production: true } })).environment).toBe('prod');
    expect(environmentToSite(environment({ name: 'ra' })).environment).toBe('other');
    expect(environmentToSite(environment({ status: 'weird' })).status).toBe('unknown');
    const site = environmentToSite(environment({ default_domain: 'sample.dev.acquia-sites.com' }));
    expect(site).toMatchObject({ name: 'Sample.dev', group: UUID, url: 'https://sample.dev.acquia-sites.com' });
    expect(siteSchema.safeParse(site).success).toBe(true);
    expect(applicationUuidOfEnvironment(`24-${UUID}`)).toBe(UUID);
    expect(applicationUuidOfEnvironment('24')).toBeUndefined();
  });
});
