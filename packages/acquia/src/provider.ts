import { type Provider, type SiteService, type TransportStats, unsupportedOperations } from '@omnihost/core';
import { type AcquiaCapabilities, acquiaCapabilities } from './capabilities.js';
import { createOperationCaller } from './client/operation-caller.js';
import type { AcquiaRawClient } from './client/operation-types.js';
import { createAcquiaRawClient } from './client/raw-client.js';
import { type AcquiaProviderConfig, parseAcquiaConfig } from './config.js';
import { type AcquiaBackupService, createBackupService } from './services/backups.js';
import { createDatabaseResolver } from './services/database-resolver.js';
import { type AcquiaDeployService, createDeployService } from './services/deploys.js';
import { createSiteService } from './services/sites.js';
import { type AcquiaTaskService, createTaskService } from './services/tasks.js';
import { createAcquiaTransport } from './transport.js';

/**
 * Acquia Cloud Platform (API v2) behind the omnihost vocabulary: sites are environments, backups are
 * database backups, deploys are code switches and promotions, tasks are notifications. `raw` is the typed
 * client for all of Cloud API v2.
 * @public
 */
export interface AcquiaProvider extends Provider<AcquiaCapabilities, AcquiaRawClient> {
  readonly vendor: 'acquia';
  readonly sites: SiteService;
  readonly backups: AcquiaBackupService;
  readonly deploys: AcquiaDeployService;
  readonly tasks: AcquiaTaskService;
  /** Token requests made for this account so far (the cache is shared process-wide). */
  tokenRequests(): number;
}

/**
 * Creates the Acquia provider (synchronously; nothing is sent until a call is made).
 *
 * ```ts
 * const acquia = createAcquiaProvider({ clientId: process.env.ACQUIA_KEY!, clientSecret: process.env.ACQUIA_SECRET! });
 * for await (const site of acquia.sites.list()) console.log(site.name, site.environment);
 * ```
 * @throws ConfigurationError naming the invalid fields (never their values).
 * @public
 */
export function createAcquiaProvider(config: AcquiaProviderConfig): AcquiaProvider {
  const resolved = parseAcquiaConfig(config);
  const transport = createAcquiaTransport(resolved);
  const caller = createOperationCaller(transport.http);
  const tasks = createTaskService(caller);
  const databases = createDatabaseResolver(caller);
  return {
    vendor: 'acquia',
    capabilities: acquiaCapabilities,
    sites: createSiteService(caller, { logger: resolved.logger }),
    backups: createBackupService(caller, databases, tasks, { logger: resolved.logger }),
    deploys: createDeployService(caller, databases, tasks, { logger: resolved.logger }),
    tasks: { get: tasks.get, wait: tasks.wait, cancel: tasks.cancel },
    operations: unsupportedOperations('acquia'),
    raw: createAcquiaRawClient(caller),
    stats: (): TransportStats => transport.http.stats(),
    tokenRequests: () => transport.tokenRequests(),
  };
}

declare module '@omnihost/core' {
  interface ProviderRegistry {
    acquia: AcquiaProvider;
  }
}
