/**
 * Site Factory's stage rules: a factory's stage from its host name, a site's from its standard domain (a
 * production one too) or from the factory's standard domain templates, and the order they apply in (the
 * site's domain, then the factory, then the templates; nothing known is no stage at all, issue 13).
 */
import { describe, expect, it } from 'vitest';
import { factoryStageFromUrl, siteStage, stageFromSiteDomain, stageFromTemplates } from '../../src/index.js';

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

  it('reads any prefix as a stage (a custom one is other, by its name); a custom host says nothing', () => {
    // Factory names are site group names, without a dash: `qa2-acme` is the qa2 stage of acme, which must
    // never read as production (it did: a prod selection would have picked the qa2 factory's sites).
    expect(factoryStageFromUrl('https://www.qa2-acme.acsitefactory.com')).toEqual({
      environment: 'other',
      name: 'qa2',
    });
    expect(factoryStageFromUrl('https://www.pprod-acme.acsitefactory.com')?.environment).toBe('staging');
    expect(factoryStageFromUrl('https://factory.example.com')).toBeUndefined();
    expect(factoryStageFromUrl('https://www.demo.acquia-cc.com')).toBeUndefined();
    expect(factoryStageFromUrl('not a url')).toBeUndefined();
  });
});

describe('stageFromSiteDomain', () => {
  it('reads a standard domain: an <env>- prefix names the stage, none is production', () => {
    expect(stageFromSiteDomain('news.test-acme.acsitefactory.com')).toEqual({ environment: 'staging', name: 'test' });
    expect(stageFromSiteDomain(' shop.dev-acme.acsitefactory.com ')).toEqual({ environment: 'dev', name: 'dev' });
    expect(stageFromSiteDomain('news.acme.acsitefactory.com')).toEqual({ environment: 'prod', name: 'live' });
    expect(stageFromSiteDomain('news.qa2-acme.acsitefactory.com')).toEqual({ environment: 'other', name: 'qa2' });
  });

  it('says nothing for a domain outside acsitefactory.com', () => {
    expect(stageFromSiteDomain('www.example.com')).toBeUndefined();
    expect(stageFromSiteDomain('news.acme.acsitefactory.com.evil.example')).toBeUndefined();
    expect(stageFromSiteDomain(undefined)).toBeUndefined();
  });
});

describe('stageFromTemplates', () => {
  const templates = {
    siteProd: ['template1-[sitename].example.com'],
    siteNonProd: ['template1-[sitename]-[environment].example.com'],
  };

  it('reads a domain the templates wrote for this site: prod, or the [environment] it names', () => {
    expect(stageFromTemplates('news', ['template1-news.example.com'], templates)).toEqual({
      environment: 'prod',
      name: 'live',
    });
    expect(stageFromTemplates('news', ['www.news.org', 'template1-news-dev.example.com'], templates)).toEqual({
      environment: 'dev',
      name: 'dev',
    });
  });

  it('matches the site’s own name only, and nothing without templates', () => {
    // `news-test` read with the prod template would be a site called "news-test": the name is the site's.
    expect(stageFromTemplates('blog', ['template1-news.example.com'], templates)).toBeUndefined();
    expect(stageFromTemplates('news', ['template1-news.example.com'], undefined)).toBeUndefined();
    expect(
      stageFromTemplates('news', ['template1-news.example.com'], { siteProd: ['[x].example.com'], siteNonProd: [] }),
    ).toBeUndefined();
  });
});

describe('siteStage', () => {
  it('prefers the site domain, then the factory stage, then the templates; nothing known is undefined', () => {
    const factory = { environment: 'prod', name: 'live' } as const;
    const templates = { siteProd: [], siteNonProd: ['[sitename]-[environment].example.org'] };
    expect(siteStage('news.test-acme.acsitefactory.com', factory)).toEqual({ environment: 'staging', name: 'test' });
    expect(siteStage('www.example.com', factory)).toEqual(factory);
    expect(siteStage(['news-dev.example.org'], { templates }, 'news')).toEqual({ environment: 'dev', name: 'dev' });
    expect(siteStage(['news-dev.example.org'], { factory, templates }, 'news')).toEqual(factory);
    expect(siteStage(undefined, undefined)).toBeUndefined();
    expect(siteStage(['www.example.com'], { templates }, 'news')).toBeUndefined();
  });
});
