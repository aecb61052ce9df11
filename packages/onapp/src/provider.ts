import type { Provider } from '@omnihost/core';
import { type OnAppCapabilities, onAppCapabilities } from './capabilities.js';
import { createOnAppClientFromParsed, type OnAppClient } from './client/onapp-client.js';
import { type OnAppProviderConfig, parseOnAppConfig } from './config.js';
import { ONAPP_DEFAULT_PAGE_SIZE, ONAPP_DISCOVERY_TIMEOUT_MS } from './constants.js';
import { createBackupService } from './services/backups.js';
import type { ServiceContext } from './services/context.js';
import { createDeployService } from './services/deploys.js';
import { createOperationService } from './services/operations.js';
import { ServerFacts } from './services/server-facts.js';
import { createSiteService } from './services/sites.js';
import { createTaskService } from './services/tasks.js';

/**
 * An OnApp control panel behind the common vocabulary; `raw` is the typed OnApp client. `vendor` is the
 * literal `'onapp'`, so narrowing a union of providers by `vendor` narrows `raw` and `capabilities` too
 * (issue 13).
 *
 * A deploy here is destructive (`capabilities.deploys.destructive`): it rebuilds the server from a template,
 * which wipes and reinstalls its disks. Ask before calling `deploys.deploy` (the CLI requires `--yes`).
 * @public
 */
export interface OnAppProvider extends Provider<OnAppCapabilities, OnAppClient> {
  readonly vendor: 'onapp';
}

/**
 * Creates an OnApp provider: `createOnAppProvider({ baseUrl, email, apiKey })` (or `login` + `password`),
 * speaking XML unless `format: 'json'`. Every self-hosted panel has its own `baseUrl`; a self-signed
 * certificate is accepted only with `allowSelfSignedCertificates: true`.
 *
 * Vocabulary: Site = virtual server, Backup = disk or incremental backup, Deploy = rebuild from a
 * template, Task = transaction. See `onAppCapabilities` for what is supported.
 *
 * **A deploy wipes the server**: `deploys.deploy` rebuilds it from the template `ref` names, reinstalling
 * its disks (`capabilities.deploys.destructive: true`). Take a backup first and ask before deploying.
 * @throws ConfigurationError when the config is invalid (fields are named, values never).
 * @public
 */
export function createOnAppProvider(config: OnAppProviderConfig): OnAppProvider {
  const parsed = parseOnAppConfig(config);
  const client = createOnAppClientFromParsed(parsed);
  const context: ServiceContext = {
    client,
    siteEnvironments: parsed.siteEnvironments,
    discoveryTimeoutMs: parsed.transactionDiscoveryTimeoutMs ?? ONAPP_DISCOVERY_TIMEOUT_MS,
    pageSize: parsed.pageSize ?? ONAPP_DEFAULT_PAGE_SIZE,
    serverFacts: new ServerFacts(),
    logger: parsed.logger,
  };
  return {
    vendor: 'onapp',
    capabilities: onAppCapabilities,
    sites: createSiteService(context),
    backups: createBackupService(context),
    deploys: createDeployService(context),
    tasks: createTaskService(client),
    operations: createOperationService(context),
    raw: client,
    stats: () => client.http.stats(),
  };
}

declare module '@omnihost/core' {
  /** `createProvider({ vendor: 'onapp', ... })` is typed as the OnApp provider. */
  interface ProviderRegistry {
    onapp: OnAppProvider;
  }
}
