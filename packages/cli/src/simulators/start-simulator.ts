import type { ProviderConfig, VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

/** Starts one vendor's simulator (each vendor package's `/testing` export). @public */
export type SimulatorStarter = (options?: CommonSimulatorOptions) => Promise<VendorSimulator<ProviderConfig>>;

/**
 * Vendor → its simulator starter. Loaded on demand, so `omnihost sites list` never loads simulator code,
 * and checked at run time, so a vendor package without a simulator is a clear error, not a crash.
 */
const LOADERS: Readonly<Record<VendorId, { load: () => Promise<unknown>; exportName: string }>> = {
  acquia: { load: () => import('@omnihost/acquia/testing'), exportName: 'startAcquiaSimulator' },
  sitefactory: { load: () => import('@omnihost/sitefactory/testing'), exportName: 'startSiteFactorySimulator' },
  cloud66: { load: () => import('@omnihost/cloud66/testing'), exportName: 'startCloud66Simulator' },
  onapp: { load: () => import('@omnihost/onapp/testing'), exportName: 'startOnAppSimulator' },
};

/**
 * Starts the simulator of `vendor` on 127.0.0.1.
 * @public
 */
export async function startSimulator(
  vendor: VendorId,
  options?: CommonSimulatorOptions,
): Promise<VendorSimulator<ProviderConfig>> {
  const { load, exportName } = LOADERS[vendor];
  const module = (await load()) as Record<string, unknown>;
  const start = module[exportName];
  if (typeof start !== 'function') {
    throw new Error(
      `@omnihost/${vendor}/testing does not export ${exportName}: this version has no ${vendor} simulator`,
    );
  }
  return (start as SimulatorStarter)(options);
}
