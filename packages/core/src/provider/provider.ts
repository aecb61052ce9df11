import type { TransportStats } from '../http/types.js';
import type { Capabilities } from '../model/capabilities.js';
import type { VendorId } from '../vendors/table.js';
import type { BackupService, DeployService, OperationService, SiteService, TaskService } from './services.js';

/**
 * One vendor account behind the common vocabulary. `raw` is the typed vendor client for everything the
 * vocabulary does not cover (jclouds' `unwrap`).
 * @public
 */
export interface Provider<C extends Capabilities = Capabilities, R = unknown> {
  readonly vendor: VendorId;
  readonly capabilities: C;
  readonly sites: SiteService;
  readonly backups: BackupService;
  readonly deploys: DeployService;
  readonly tasks: TaskService;
  /** Start calls as data: reconcile a lost answer, resume another process's wait. */
  readonly operations: OperationService;
  readonly raw: R;
  /** Transport counters: requests, retries, throttling absorbed. */
  stats(): TransportStats;
}

/**
 * Vendor packages add their provider type here by declaration merging, so `createProvider({ vendor:
 * 'acquia', ... })` is typed as the Acquia provider once `@omnihost/acquia` is installed:
 *
 * ```ts
 * declare module '@omnihost/core' {
 *   interface ProviderRegistry { acquia: AcquiaProvider }
 * }
 * ```
 * @public
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in vendor packages.
export interface ProviderRegistry {}

/** The provider type for a vendor: the registered one, or the generic {@link Provider}. @public */
export type ProviderFor<V extends VendorId> = V extends keyof ProviderRegistry ? ProviderRegistry[V] : Provider;
