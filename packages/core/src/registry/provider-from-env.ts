import { ConfigurationError } from '../errors/error-classes.js';
import type { Provider } from '../provider/provider.js';
import { type ProviderConfig, providerConfigSchema } from '../vendors/provider-config.js';
import { isVendorId, VENDOR_IDS, VENDORS, type VendorId } from '../vendors/table.js';
import { createProvider, type PackageLoader } from './create-provider.js';
import { parseConfig } from './parse-config.js';

/**
 * Config field ← environment variable, per vendor: the vendor table's `environmentVariables`. One table,
 * also used to name the variable in error messages ("OMNIHOST_CLIENT_ID is required").
 * @public
 */
export const ENV_VARIABLES: Readonly<Record<VendorId, Readonly<Record<string, string>>>> = Object.fromEntries(
  VENDOR_IDS.map((vendor): [VendorId, Readonly<Record<string, string>>] => [
    vendor,
    VENDORS[vendor].environmentVariables,
  ]),
) as Record<VendorId, Readonly<Record<string, string>>>;

/** Variables every vendor reads. @public */
export const COMMON_ENV_VARIABLES: Readonly<Record<string, string>> = {
  vendor: 'OMNIHOST_VENDOR',
  baseUrl: 'OMNIHOST_BASE_URL',
  allowInsecureHttp: 'OMNIHOST_ALLOW_INSECURE_HTTP',
  timeoutMs: 'OMNIHOST_TIMEOUT_MS',
};

const BOOLEAN_FIELDS = new Set(['allowInsecureHttp', 'allowSelfSignedCertificates']);
const NUMBER_FIELDS = new Set(['timeoutMs']);

/**
 * Builds a provider config from `OMNIHOST_*` variables (see {@link ENV_VARIABLES}). Throws
 * {@link ConfigurationError} listing every missing or invalid variable by name.
 * @public
 */
export function configFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ProviderConfig {
  const vendor = env.OMNIHOST_VENDOR?.trim();
  if (!isVendorId(vendor)) {
    const problem = vendor
      ? `OMNIHOST_VENDOR must be one of ${VENDOR_IDS.join(', ')} (got "${vendor}")`
      : 'OMNIHOST_VENDOR is required';
    throw new ConfigurationError(`Invalid configuration: ${problem}`, { problems: [problem] });
  }
  const names = { ...COMMON_ENV_VARIABLES, ...ENV_VARIABLES[vendor] };
  const config: Record<string, unknown> = { vendor };
  for (const [field, variable] of Object.entries(names)) {
    if (field === 'vendor') continue;
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (BOOLEAN_FIELDS.has(field)) config[field] = /^(1|true|yes)$/i.test(value);
    else if (NUMBER_FIELDS.has(field)) config[field] = Number(value);
    else config[field] = value;
  }
  const fieldName = (path: string) => names[path.split('.')[0] ?? path] ?? path;
  return parseConfig(providerConfigSchema, config, vendor, fieldName) as ProviderConfig;
}

/**
 * `createProvider(configFromEnv())`: the vendor and credentials come from `OMNIHOST_*` variables, so one
 * script runs against any vendor by changing its environment.
 * @public
 */
export async function providerFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  loader?: PackageLoader,
): Promise<Provider> {
  return (await createProvider(configFromEnv(env), loader)) as Provider;
}
