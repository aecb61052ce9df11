import type { BackupService, Provider, SiteService, TaskService, TransportStats } from '@omnihost/core';
import { type Cloud66Capabilities, cloud66Capabilities } from './capabilities.js';
import { type Cloud66Client, createCloud66Client } from './client/cloud66-client.js';
import { type Cloud66ProviderConfig, parseCloud66Config } from './config.js';
import { createBackupService } from './services/backups.js';
import { type Cloud66DeployService, createDeployService } from './services/deploys.js';
import { createOperationService } from './services/operations.js';
import { createSiteService } from './services/sites.js';
import { createTaskService } from './services/tasks.js';
import { createCloud66HttpClient } from './transport.js';

/**
 * Cloud 66 behind the vocabulary: sites are stacks, backups are managed database backups, a deploy is a
 * redeploy, tasks are async actions. `raw` is the typed Cloud 66 API v3 client.
 * @public
 */
export interface Cloud66Provider extends Provider<Cloud66Capabilities, Cloud66Client> {
  readonly vendor: 'cloud66';
  readonly sites: SiteService;
  readonly backups: BackupService;
  readonly deploys: Cloud66DeployService;
  readonly tasks: TaskService;
}

/**
 * Creates a Cloud 66 provider. Synchronous: nothing is sent until the first call.
 *
 * ```ts
 * const cloud66 = createCloud66Provider({ token: process.env.C66_TOKEN! });
 * for await (const site of cloud66.sites.list()) console.log(site.name, site.environment);
 * ```
 * @throws ConfigurationError when the config is invalid (naming fields, never values).
 * @public
 */
export function createCloud66Provider(config: Cloud66ProviderConfig): Cloud66Provider {
  const parsed = parseCloud66Config(config);
  const http = createCloud66HttpClient(parsed);
  const raw = createCloud66Client(http);
  const tasks = createTaskService(raw);
  const operations = createOperationService(raw, tasks);
  return {
    vendor: 'cloud66',
    capabilities: cloud66Capabilities,
    sites: createSiteService(raw, { logger: parsed.logger }),
    backups: createBackupService(raw),
    deploys: createDeployService(raw, tasks, {
      logger: parsed.logger,
      reconcile: (intent) => operations.reconcile({ ...intent, kind: 'deploys.deploy' }),
    }),
    tasks,
    operations,
    raw,
    stats: (): TransportStats => http.stats(),
  };
}

/** `createProvider({ vendor: 'cloud66', … })` from `@omnihost/core` resolves to a {@link Cloud66Provider}. */
declare module '@omnihost/core' {
  interface ProviderRegistry {
    cloud66: Cloud66Provider;
  }
}
