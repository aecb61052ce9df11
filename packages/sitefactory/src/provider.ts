import type { CallOptions, Provider } from '@omnihost/core';
import { type SiteFactoryCapabilities, siteFactoryCapabilities } from './capabilities.js';
import { createSiteFactoryClient, type SiteFactoryClient } from './client/raw-client.js';
import { parseSiteFactoryConfig, type SiteFactoryProviderConfig } from './config.js';
import { factoryStageFromUrl, type StageName } from './rules/environments.js';
import { createBackupService } from './services/backups.js';
import { type CacheClearOperation, clearCaches } from './services/cache-clear.js';
import type { ServiceContext } from './services/context.js';
import { createDeployService } from './services/deploys.js';
import { createStarts } from './services/operations.js';
import { createSiteService } from './services/sites.js';
import { createTaskService } from './services/tasks.js';
import { createSiteFactoryTransport } from './transport.js';

/**
 * A Site Factory account behind the common vocabulary, with the typed vendor client as `raw` and
 * Site Factory's extras.
 * @public
 */
export interface SiteFactoryProvider extends Provider<SiteFactoryCapabilities, SiteFactoryClient> {
  readonly vendor: 'sitefactory';
  /** The factory's own stage (config `environment`, else its URL), when known. */
  readonly factoryStage: StageName | undefined;
  /** Clears a site's Drupal and Varnish caches: two WIP tasks, both waited on by `wait()`. */
  clearCaches(siteId: string, options?: CallOptions): Promise<CacheClearOperation>;
}

/**
 * Creates a Site Factory provider for one factory (every factory, and every environment of one, has its
 * own URL and users). Authenticates with HTTP Basic, user name + API key; every POST and PUT carries a
 * JSON body, `{}` when there is nothing to send (factories since 2.178 reject body-less POSTs with
 * 400 "Invalid JSON provided: Syntax error", acquia/cli #1814).
 *
 * ```ts
 * const provider = createSiteFactoryProvider({
 *   baseUrl: 'https://www.example.acsitefactory.com',
 *   username: process.env.ACSF_USERNAME!,
 *   apiKey: process.env.ACSF_KEY!,
 * });
 * ```
 * @throws ConfigurationError when the config is incomplete (the message names fields, never values).
 * @public
 */
export function createSiteFactoryProvider(config: SiteFactoryProviderConfig): SiteFactoryProvider {
  const parsed = parseSiteFactoryConfig(config);
  const http = createSiteFactoryTransport(parsed);
  const client = { http };
  const raw = createSiteFactoryClient(client);
  const factoryStage = parsed.environment
    ? { environment: parsed.environment, name: parsed.environment }
    : factoryStageFromUrl(parsed.baseUrl);
  const context: ServiceContext = { client, raw, factory: factoryStage, logger: parsed.logger };
  const starts = createStarts(context);
  return {
    vendor: 'sitefactory',
    capabilities: siteFactoryCapabilities,
    sites: createSiteService(context),
    backups: createBackupService(context, starts),
    deploys: createDeployService(context, starts),
    tasks: createTaskService(context),
    operations: starts.operations,
    raw,
    factoryStage,
    clearCaches: (siteId, options) => clearCaches(context, siteId, options),
    stats: () => http.stats(),
  };
}

declare module '@omnihost/core' {
  interface ProviderRegistry {
    sitefactory: SiteFactoryProvider;
  }
}
