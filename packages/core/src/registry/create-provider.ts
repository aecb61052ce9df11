import { ConfigurationError } from '../errors/error-classes.js';
import type { Provider, ProviderFor } from '../provider/provider.js';
import { type ProviderConfig, providerConfigSchema } from '../vendors/provider-config.js';
import { isVendorId, VENDORS, type VendorId } from '../vendors/table.js';
import { parseConfig } from './parse-config.js';

type Factory = (config: unknown) => Provider | Promise<Provider>;

/** Imports a vendor package by name; a seam so tests can observe loading. @internal */
export type PackageLoader = (name: string) => Promise<Record<string, unknown>>;

const defaultLoader: PackageLoader = (name) => import(name) as Promise<Record<string, unknown>>;

/**
 * Creates a provider for any vendor from a config object, loading the vendor package on demand so
 * vendor-neutral code never imports a vendor package by name. The config is validated first; a missing
 * package is a {@link ConfigurationError} that names the package to install.
 *
 * ```ts
 * const provider = await createProvider({ vendor: 'cloud66', token: process.env.C66_TOKEN! });
 * ```
 * @public
 */
export async function createProvider<C extends ProviderConfig>(
  config: C,
  loader: PackageLoader = defaultLoader,
): Promise<ProviderFor<C['vendor']>> {
  const parsed = parseConfig(providerConfigSchema, config, vendorOf(config));
  const { packageName, factoryExport } = VENDORS[parsed.vendor];
  let module: Record<string, unknown>;
  try {
    module = await loader(packageName);
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new ConfigurationError(
        `The ${parsed.vendor} provider needs the ${packageName} package: run \`npm install ${packageName}\``,
        { vendor: parsed.vendor, problems: [`${packageName} is not installed`] },
      );
    }
    throw error;
  }
  const factory = module[factoryExport] as Factory | undefined;
  if (typeof factory !== 'function') {
    throw new ConfigurationError(`${packageName} does not export ${factoryExport}`, {
      vendor: parsed.vendor,
      problems: [`${packageName} is not a compatible omnihost vendor package`],
    });
  }
  // The vendor factory receives the user's config (with functions such as `logger` intact), not the
  // parsed copy: it validates again with its own, stricter schema.
  return (await factory(config)) as ProviderFor<C['vendor']>;
}

function vendorOf(config: unknown): VendorId | undefined {
  const vendor = (config as { vendor?: unknown } | null)?.vendor;
  return isVendorId(vendor) ? vendor : undefined;
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(packageName);
}
