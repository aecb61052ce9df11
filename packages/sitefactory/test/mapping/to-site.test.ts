/**
 * A Site Factory site in the vocabulary: listed and detailed rows alike, the stack as `group`, the stage from
 * the site's domain before the factory's, and no site status to read (`active`, empty `rawStatus`).
 */
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

  it('falls back to other when neither the domain nor the factory names a stage', () => {
    const row = siteRowSchema.parse({ id: 3, site: 'blog', domain: 'blog.example.com' });
    expect(toSite(row, undefined)).toMatchObject({ environment: 'other', environmentName: 'unknown' });
  });
});
