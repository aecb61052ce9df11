import type { OperationService, Provider, SiteService, TransportStats } from '@omnihost/core';
import { type AcquiaCapabilities, acquiaCapabilities } from './capabilities.js';
import { createOperationCaller } from './client/operation-caller.js';
import type { AcquiaRawClient } from './client/operation-types.js';
import { createAcquiaRawClient } from './client/raw-client.js';
import { type AcquiaProviderConfig, parseAcquiaConfig } from './config.js';
import { backupPageReader } from './services/backup-pages.js';
import { type AcquiaBackupService, createBackupService } from './services/backups.js';
import { createDatabaseResolver } from './services/database-resolver.js';
import { type AcquiaDeployService, createDeployService } from './services/deploys.js';
import { createOperations } from './services/operations.js';
import { createSiteService } from './services/sites.js';
import { createStartResults } from './services/start-results.js';
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
  /**
   * Finds a start whose answer was lost (`reconcile`), and finishes another process's wait (`resume`). Acquia
   * keeps no idempotency key, so every match is heuristic (see `capabilities.operations.reconcile`).
   */
  readonly operations: OperationService;
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
  const results = createStartResults(caller, tasks, backupPageReader(caller));
  const operations = createOperations(caller, databases, tasks, results);
  return {
    vendor: 'acquia',
    capabilities: acquiaCapabilities,
    sites: createSiteService(caller, { logger: resolved.logger }),
    backups: createBackupService(caller, databases, operations.starts, { logger: resolved.logger }),
    deploys: createDeployService(caller, databases, tasks, operations.starts, { logger: resolved.logger }),
    tasks: { get: tasks.get, wait: tasks.wait, cancel: tasks.cancel },
    operations: operations.service,
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
