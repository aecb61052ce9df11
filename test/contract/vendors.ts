import { startSimulator } from '@omnihost/cli';
import { type ProviderConfig, VENDOR_IDS, type VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

/** How the vendor-neutral suites start each vendor's simulator. The only vendor-aware file in test/. */
export interface VendorHarness {
  readonly vendor: VendorId;
  start(options?: CommonSimulatorOptions): Promise<VendorSimulator<ProviderConfig>>;
}

/** Every vendor, in a stable order; simulators are loaded by name (the CLI's `startSimulator`). */
export const HARNESSES: readonly VendorHarness[] = VENDOR_IDS.map((vendor) => ({
  vendor,
  start: (options?: CommonSimulatorOptions) => startSimulator(vendor, options),
}));
