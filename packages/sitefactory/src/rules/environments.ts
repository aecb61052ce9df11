import { environmentFromName, type SiteEnvironment } from '@omnihost/core';

/** A stage as Site Factory names it, and what it means in the vocabulary. @public */
export interface StageName {
  readonly environment: SiteEnvironment;
  /** The vendor's own name (`live`, `test`, `dev`, `qa2`, ...). */
  readonly name: string;
}

/**
 * The factory's standard domain templates (`GET /api/v1/factory-standard-domains`): how the factory names a
 * site's standard domain in production (`site_prod`) and in the other stages (`site_nonprod`), with the
 * placeholders `[sitename]` and `[environment]` (`template1-[sitename]-[environment].example.com`). A factory
 * on a custom host name writes its sites' domains this way, so they tell a site's stage where
 * `*.acsitefactory.com` does not.
 * @public
 */
export interface StandardDomainTemplates {
  readonly siteProd: readonly string[];
  readonly siteNonProd: readonly string[];
}

/** What Site Factory calls production. */
const PRODUCTION: StageName = { environment: 'prod', name: 'live' };

/**
 * A stage named by its label. Environment names carry a stack prefix when read from `AH_SITE_ENVIRONMENT`
 * (`01live`, `01dev`; swichers/acsf-client #86), so the digits are dropped before the name is mapped. A
 * custom stage (`qa2`) is known by name: `other`, with that name.
 */
function stage(label: string): StageName | undefined {
  const name = label.toLowerCase().replace(/^\d+/, '');
  if (!/^[a-z][a-z0-9]*$/.test(name)) return undefined;
  return { environment: environmentFromName(name), name };
}

/**
 * The stage named by the `<factory>` or `<env>-<factory>` label of an `acsitefactory.com` host. Factory
 * names are Acquia site group names, lowercase letters and digits without a dash, so a dash separates the
 * stage from the factory (vendors/sitefactory.md §1: `www.<env>-<factory>.acsitefactory.com`, "custom names
 * like `qa2`, `pprod`"); no prefix is production.
 */
function stageOfFactoryLabel(label: string): StageName | undefined {
  const dash = label.indexOf('-');
  if (dash < 0) return /^[a-z0-9]+$/.test(label) ? PRODUCTION : undefined;
  return stage(label.slice(0, dash));
}

/**
 * The stage of a factory from its URL. A factory per environment, each on its own host:
 * `www.<factory>.acsitefactory.com` is production and `www.<env>-<factory>.acsitefactory.com` is any other
 * stage (`dev`, `test`, custom names), as acquia/cli and swichers/acsf-client build factory URLs
 * (vendors/sitefactory.md §1). Custom factory host names say nothing: `undefined`.
 * @public
 */
export function factoryStageFromUrl(baseUrl: string): StageName | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const label = /^www\.([a-z0-9-]+)\.acsitefactory\.com$/.exec(host)?.[1];
  return label ? stageOfFactoryLabel(label) : undefined;
}

/** Stage labels already read (`01live` → prod `live`), bounded: labels are few, domains are many. */
const LABEL_STAGES = new Map<string, StageName | undefined>();
const MAX_LABEL_STAGES = 256;

/**
 * The stage a site's standard domain names. A site's factory-standard domain follows the factory's host:
 * `<site>.<factory>.acsitefactory.com` in production, `<site>.<env>-<factory>.acsitefactory.com` in the
 * other stages (the prod and non-prod templates of `GET /api/v1/factory-standard-domains` exist for the
 * same reason). A domain outside `acsitefactory.com` (a custom domain, a custom factory host) says nothing
 * here: `undefined`.
 * @public
 */
export function stageFromSiteDomain(domain: string | undefined): StageName | undefined {
  if (!domain) return undefined;
  const label = /^[a-z0-9-]+\.([a-z0-9-]+)\.acsitefactory\.com$/i.exec(domain.trim())?.[1]?.toLowerCase();
  if (!label) return undefined;
  // A factory has a handful of stage labels and a page repeats them on every row: read each label once.
  if (LABEL_STAGES.has(label)) return LABEL_STAGES.get(label);
  if (LABEL_STAGES.size >= MAX_LABEL_STAGES) LABEL_STAGES.clear();
  const named = stageOfFactoryLabel(label);
  LABEL_STAGES.set(label, named);
  return named;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A template as a pattern for one site: `[sitename]` is the site's name, `[environment]` the captured stage,
 * any other placeholder one or more host characters. A template without `[sitename]` cannot name one site.
 */
function templatePattern(template: string, siteName: string): RegExp | undefined {
  const text = template.trim().toLowerCase();
  if (!text.includes('[sitename]') || text.length > 253) return undefined;
  const source = text
    .split(/(\[[a-z_]+\])/)
    .map((part) => {
      if (part === '[sitename]') return escapeRegExp(siteName.toLowerCase());
      if (part === '[environment]') return '([a-z0-9]+)';
      if (/^\[[a-z_]+\]$/.test(part)) return '[a-z0-9-]+';
      return escapeRegExp(part);
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/**
 * The stage a site's domains name by the factory's standard domain templates: a domain written by a
 * `site_prod` template is production, one written by a `site_nonprod` template is the stage its
 * `[environment]` names. `undefined` when no domain matches a template.
 * @public
 */
export function stageFromTemplates(
  siteName: string,
  domains: readonly string[],
  templates: StandardDomainTemplates | undefined,
): StageName | undefined {
  if (!templates || !siteName) return undefined;
  for (const domain of domains) {
    const host = domain.trim().toLowerCase();
    for (const template of templates.siteNonProd) {
      const captured = templatePattern(template, siteName)?.exec(host)?.[1];
      const named = captured ? stage(captured) : undefined;
      if (named) return named;
    }
    for (const template of templates.siteProd) {
      if (templatePattern(template, siteName)?.test(host)) return PRODUCTION;
    }
  }
  return undefined;
}

/** What a site's stage is derived from, besides its own domains. @public */
export interface StageEvidence {
  /** The factory's stage: config `environment`, else the factory URL. */
  readonly factory?: StageName | undefined;
  /** The factory's standard domain templates, when they have been read. */
  readonly templates?: StandardDomainTemplates | undefined;
}

/**
 * A site's stage, from the most specific evidence the API gives: a standard `acsitefactory.com` domain of
 * the site (no `<env>-` prefix is production); else the factory's stage (config `environment`, else its
 * URL); else what the factory's standard domain templates make of its domains. `undefined` when nothing
 * tells: the site is then `other` with no `environmentName`, and selecting a stage says so instead of
 * silently passing it over (core's `selectByEnvironment`).
 * @public
 */
export function siteStage(
  domains: string | readonly string[] | undefined,
  evidence: StageName | StageEvidence | undefined,
  siteName = '',
): StageName | undefined {
  const list = domains === undefined ? [] : typeof domains === 'string' ? [domains] : domains;
  for (const domain of list) {
    const named = stageFromSiteDomain(domain);
    if (named) return named;
  }
  const { factory, templates } = evidenceOf(evidence);
  return factory ?? stageFromTemplates(siteName, list, templates);
}

function evidenceOf(evidence: StageName | StageEvidence | undefined): StageEvidence {
  if (!evidence) return {};
  return 'environment' in evidence ? { factory: evidence } : evidence;
}
