import { type ProviderConfig, VENDORS, type VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

/**
 * The options of {@link startSimulator}: the common ones, and those a vendor's simulator adds (passed through
 * as given; a simulator ignores what it does not know).
 * @public
 */
export interface SimulatorOptions extends CommonSimulatorOptions {
  /** Acquia: the base of the absolute HAL links in responses (`startAcquiaSimulator`'s `linkBaseUrl`). */
  readonly linkBaseUrl?: string | undefined;
}

/** Starts one vendor's simulator (each vendor package's `/testing` export). @public */
export type SimulatorStarter = (options?: SimulatorOptions) => Promise<VendorSimulator<ProviderConfig>>;

/**
 * Starts the simulator of `vendor` on 127.0.0.1.
 * @public
 */
export async function startSimulator(
  vendor: VendorId,
  options?: SimulatorOptions,
): Promise<VendorSimulator<ProviderConfig>> {
  // Loaded on demand (from core's vendor table), so `omnihost sites list` never loads simulator code, and
  // checked at run time, so a vendor package without a simulator is a clear error, not a crash.
  const { packageName, simulatorExport } = VENDORS[vendor];
  const module = (await import(`${packageName}/testing`)) as Record<string, unknown>;
  const start = module[simulatorExport];
  if (typeof start !== 'function') {
    throw new Error(
      `${packageName}/testing does not export ${simulatorExport}: this version has no ${vendor} simulator`,
    );
  }
  return (start as SimulatorStarter)(options);
}
