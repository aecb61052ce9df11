import type { ProviderConfig, VendorId } from '@omnihost/core';
import type { CommonSimulatorOptions, VendorSimulator } from '@omnihost/core/testing';

/** How the vendor-neutral suites start each vendor's simulator. The only vendor-specific file in test/. */
export interface VendorHarness {
  readonly vendor: VendorId;
  start(options?: CommonSimulatorOptions): Promise<VendorSimulator<ProviderConfig>>;
}

type Starter = (options?: CommonSimulatorOptions) => Promise<VendorSimulator<ProviderConfig>>;

async function load(vendor: VendorId, exportName: string): Promise<Starter> {
  // Loaded by name so the suites depend on core types only.
  const module = (await import(`@omnihost/${vendor}/testing`)) as Record<string, unknown>;
  const start = module[exportName];
  if (typeof start !== 'function') throw new Error(`@omnihost/${vendor}/testing does not export ${exportName}`);
  return start as Starter;
}

/** Every vendor, in a stable order. */
export const HARNESSES: readonly VendorHarness[] = [
  { vendor: 'acquia', start: async (options) => (await load('acquia', 'startAcquiaSimulator'))(options) },
  {
    vendor: 'sitefactory',
    start: async (options) => (await load('sitefactory', 'startSiteFactorySimulator'))(options),
  },
  { vendor: 'cloud66', start: async (options) => (await load('cloud66', 'startCloud66Simulator'))(options) },
  { vendor: 'onapp', start: async (options) => (await load('onapp', 'startOnAppSimulator'))(options) },
];
