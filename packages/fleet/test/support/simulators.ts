import { type ProviderConfig, VENDORS, type VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

/** Starts a vendor's simulator in this process (each vendor package's `/testing`, named by core's table). */
export async function startSimulator(
  vendor: VendorId,
  options?: CommonSimulatorOptions,
): Promise<VendorSimulator<ProviderConfig>> {
  const { packageName, simulatorExport } = VENDORS[vendor];
  const module = (await import(`${packageName}/testing`)) as Record<string, unknown>;
  const start = module[simulatorExport] as (
    options?: CommonSimulatorOptions,
  ) => Promise<VendorSimulator<ProviderConfig>>;
  return start(options);
}
