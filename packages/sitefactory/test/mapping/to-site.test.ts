/**
 * A Site Factory site in the vocabulary: listed and detailed rows alike, the stack as `group`, the stage from
 * the site's domain before the factory's, and no site status to read (`active`, empty `rawStatus`).
 */
import { isEnvironmentUnknown } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { siteDetailSchema, siteRowSchema, toSite } from '../../src/index.js';

const prod = { environment: 'prod', name: 'live' } as const;

describe('toSite', () => {
  it('maps a list row: id, name, URL, stack, creation time', () => {
    const row = siteRowSchema.parse({
      id: '191',
      site: 'news',
      stack_id: '2',
      domain: 'news.acme.acsitefactory.com',
      created: 1700000000,
    });
    expect(toSite(row, prod)).toMatchObject({
      vendor: 'sitefactory',
      id: '191',
      name: 'news',
      url: 'https://news.acme.acsitefactory.com',
      group: '2',
      environment: 'prod',
      environmentName: 'live',
      status: 'active',
      rawStatus: '',
      createdAt: new Date(1700000000 * 1000),
    });
  });

  it('maps a detail row by its first domain, whose stage wins over the factory’s', () => {
    const detail = siteDetailSchema.parse({
      id: 7,
      site: 'shop',
      domains: ['shop.test-acme.acsitefactory.com', 'shop.example.com'],
    });
    const site = toSite(detail, prod);
    expect(site).toMatchObject({ url: 'https://shop.test-acme.acsitefactory.com', environment: 'staging' });
    expect(site.group).toBeUndefined();
    expect(site.createdAt).toBeUndefined();
  });

  it('is other with no stage name when neither the domain nor the factory tells the stage', () => {
    const row = siteRowSchema.parse({ id: 3, site: 'blog', domain: 'blog.example.com' });
    const site = toSite(row, undefined);
    // Issue 13: an unknown stage is `other` without `environmentName` (isEnvironmentUnknown), never `unknown`.
    expect(site.environment).toBe('other');
    expect(site.environmentName).toBeUndefined();
    expect(isEnvironmentUnknown(site)).toBe(true);
  });

  it('reads a production standard domain (no <env>- prefix) as prod without any factory stage', () => {
    const row = siteRowSchema.parse({ id: 4, site: 'news', domain: 'news.acme.acsitefactory.com' });
    expect(toSite(row, undefined)).toMatchObject({ environment: 'prod', environmentName: 'live' });
  });

  it('finds the standard domain among a detail row’s domains, whichever comes first', () => {
    const detail = siteDetailSchema.parse({
      id: 8,
      site: 'shop',
      domains: ['www.shop.com', 'shop.dev-acme.acsitefactory.com'],
    });
    expect(toSite(detail, undefined)).toMatchObject({
      url: 'https://www.shop.com',
      environment: 'dev',
      environmentName: 'dev',
    });
  });

  it('reads a custom factory host’s domains by its standard domain templates', () => {
    const templates = {
      siteProd: ['[sitename].sites.example.org'],
      siteNonProd: ['[sitename]-[environment].sites.example.org'],
    };
    const row = (site: string, domain: string) => siteRowSchema.parse({ id: 5, site, domain });
    expect(toSite(row('news', 'news.sites.example.org'), { templates })).toMatchObject({
      environment: 'prod',
      environmentName: 'live',
    });
    expect(toSite(row('news', 'news-test.sites.example.org'), { templates })).toMatchObject({
      environment: 'staging',
      environmentName: 'test',
    });
    expect(toSite(row('news', 'news-qa2.sites.example.org'), { templates })).toMatchObject({
      environment: 'other',
      environmentName: 'qa2',
    });
    expect(toSite(row('news', 'elsewhere.example.com'), { templates }).environmentName).toBeUndefined();
  });
});
