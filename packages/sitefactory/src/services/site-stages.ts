import { isOmnihostError, type Site } from '@omnihost/core';
import { z } from 'zod';
import { str } from '../client/coerce.js';
import { requestOperation } from '../client/request-operation.js';
import { domainsOf, toSiteOfStage } from '../mapping/to-site.js';
import { type StandardDomainTemplates, siteStage } from '../rules/environments.js';
import type { SiteDetail, SiteRow } from '../schemas/site.js';
import type { ServiceContext } from './context.js';

/** A list of templates, tolerating anything else (an older factory, a field of another type) as none. */
const templateList = z.array(str).catch([]).optional();

/** `GET /api/v1/factory-standard-domains`: the site templates, other fields ignored. */
const templatesSchema = z.looseObject({ site_prod: templateList, site_nonprod: templateList });

/** How long a failed read of the templates stands before it is tried again. */
const RETRY_AFTER_MS = 60_000;

/** Turns site rows into Sites, reading the factory's domain templates only when a stage needs them. @internal */
export interface SiteStages {
  toSites(rows: readonly (SiteRow | SiteDetail)[], signal: AbortSignal | undefined): Promise<Site[]>;
}

/**
 * The stage of most sites is told by their standard `acsitefactory.com` domain or by the factory's stage
 * (config, URL). A factory on a custom host name, with no stage configured, writes its sites' domains from
 * its standard domain templates: those are read once (one request, remembered by the provider) the first
 * time a site's stage needs them, and never otherwise. A factory that does not serve them (older versions,
 * a user without the platform admin role) leaves such sites of unknown stage.
 * @internal
 */
export function createSiteStages(context: ServiceContext): SiteStages {
  let templates: Promise<StandardDomainTemplates | undefined> | undefined;
  let failedAt = 0;

  async function readTemplates(signal: AbortSignal | undefined): Promise<StandardDomainTemplates | undefined> {
    try {
      const data = await requestOperation(
        context.client,
        'get_FactoryStandardDomains_getFactoryStandardDomains',
        { signal },
        templatesSchema,
        'sites.list',
      );
      return { siteProd: data.site_prod ?? [], siteNonProd: data.site_nonprod ?? [] };
    } catch (error) {
      if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
      failedAt = Date.now();
      return undefined;
    }
  }

  function known(signal: AbortSignal | undefined): Promise<StandardDomainTemplates | undefined> {
    if (!templates || (failedAt > 0 && Date.now() - failedAt >= RETRY_AFTER_MS)) {
      failedAt = 0;
      const reading = readTemplates(signal);
      // An abort ends this caller's read, not the next caller's: forget it so the next one asks again.
      reading.catch(() => {
        if (templates === reading) templates = undefined;
      });
      templates = reading;
    }
    return templates;
  }

  return {
    async toSites(rows, signal) {
      const evidence = { factory: context.factory };
      // Each row's stage is told once; only the rows nothing else tells are read again with the templates.
      const told = rows.map((row) => siteStage(domainsOf(row), evidence, row.site));
      if (told.includes(undefined)) {
        const withTemplates = { ...evidence, templates: await known(signal) };
        rows.forEach((row, index) => {
          told[index] ??= siteStage(domainsOf(row), withTemplates, row.site);
        });
      }
      return rows.map((row, index) => toSiteOfStage(row, told[index]));
    },
  };
}
