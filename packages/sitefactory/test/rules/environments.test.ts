/**
 * Site Factory's stage rules: a factory's stage from its host name, a site's from its standard domain, and
 * the order they apply in (the site's domain, then the factory, then `other`).
 */
import { describe, expect, it } from 'vitest';
import { factoryStageFromUrl, siteStage, stageFromSiteDomain } from '../../src/index.js';

describe('factoryStageFromUrl', () => {
  it('reads the stage from www.<env>-<factory>.acsitefactory.com; no prefix is production', () => {
    expect(factoryStageFromUrl('https://www.acme.acsitefactory.com')).toEqual({ environment: 'prod', name: 'live' });
    expect(factoryStageFromUrl('https://www.test-acme.acsitefactory.com/')).toEqual({
      environment: 'staging',
      name: 'test',
    });
    expect(factoryStageFromUrl('https://WWW.DEV-acme.acsitefactory.com')).toEqual({ environment: 'dev', name: 'dev' });
    // A stack prefix (`01dev`, as AH_SITE_ENVIRONMENT writes it) is dropped before the name is read.
    expect(factoryStageFromUrl('https://www.01dev-acme.acsitefactory.com')).toEqual({
      environment: 'dev',
      name: 'dev',
    });
  });

  it('treats a factory named with dashes but no known stage as production, and a custom host as unknown', () => {
    expect(factoryStageFromUrl('https://www.my-factory.acsitefactory.com')?.environment).toBe('prod');
    expect(factoryStageFromUrl('https://factory.example.com')).toBeUndefined();
    expect(factoryStageFromUrl('not a url')).toBeUndefined();
  });
});

describe('stageFromSiteDomain', () => {
  it('reads only a non-production prefix from a standard domain', () => {
    expect(stageFromSiteDomain('news.test-acme.acsitefactory.com')).toEqual({ environment: 'staging', name: 'test' });
    expect(stageFromSiteDomain(' shop.dev-acme.acsitefactory.com ')).toEqual({ environment: 'dev', name: 'dev' });
    expect(stageFromSiteDomain('news.acme.acsitefactory.com')).toBeUndefined();
    expect(stageFromSiteDomain('www.example.com')).toBeUndefined();
    expect(stageFromSiteDomain(undefined)).toBeUndefined();
  });
});

describe('siteStage', () => {
  it('prefers the site domain, then the factory stage, then other', () => {
    const factory = { environment: 'prod', name: 'live' } as const;
    expect(siteStage('news.test-acme.acsitefactory.com', factory)).toEqual({ environment: 'staging', name: 'test' });
    expect(siteStage('www.example.com', factory)).toEqual(factory);
    expect(siteStage(undefined, undefined)).toEqual({ environment: 'other', name: 'unknown' });
  });
});
