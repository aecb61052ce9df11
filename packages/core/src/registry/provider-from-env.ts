import { ConfigurationError } from '../errors/error-classes.js';
import type { ProviderFor } from '../provider/provider.js';
import { type ProviderConfig, providerConfigSchema } from '../vendors/provider-config.js';
import { isVendorId, VENDOR_IDS, VENDORS, type VendorId } from '../vendors/table.js';
import { createProvider, type PackageLoader } from './create-provider.js';
import { ENV_VALUE_KINDS, readEnvValue } from './env-values.js';
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

/**
 * Variables every vendor reads: the transport options of every config. Nested fields are dotted
 * (`retry.retries`). `logger`, being code, has none.
 * @public
 */
export const COMMON_ENV_VARIABLES: Readonly<Record<string, string>> = {
  vendor: 'OMNIHOST_VENDOR',
  baseUrl: 'OMNIHOST_BASE_URL',
  allowInsecureHttp: 'OMNIHOST_ALLOW_INSECURE_HTTP',
  timeoutMs: 'OMNIHOST_TIMEOUT_MS',
  maxResponseBytes: 'OMNIHOST_MAX_RESPONSE_BYTES',
  userAgent: 'OMNIHOST_USER_AGENT',
  rateLimit: 'OMNIHOST_RATE_LIMIT',
  'retry.retries': 'OMNIHOST_RETRIES',
  'retry.minDelayMs': 'OMNIHOST_RETRY_MIN_DELAY_MS',
  'retry.maxDelayMs': 'OMNIHOST_RETRY_MAX_DELAY_MS',
  'retry.maxTotalWaitMs': 'OMNIHOST_RETRY_MAX_TOTAL_WAIT_MS',
};

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
  const names: Readonly<Record<string, string>> = { ...COMMON_ENV_VARIABLES, ...ENV_VARIABLES[vendor] };
  const config: Record<string, unknown> = { vendor };
  const problems: string[] = [];
  for (const [field, variable] of Object.entries(names)) {
    if (field === 'vendor') continue;
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const reading = readEnvValue(ENV_VALUE_KINDS[field] ?? 'text', variable, text);
    if ('problem' in reading) problems.push(reading.problem);
    else setPath(config, field, reading.value);
  }
  const fieldName = (path: string) => names[path] ?? names[path.split('.')[0] ?? path] ?? path;
  let parsed: ProviderConfig | undefined;
  try {
    parsed = parseConfig(providerConfigSchema, config, vendor, fieldName) as ProviderConfig;
  } catch (error) {
    if (!(error instanceof ConfigurationError) || problems.length === 0) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0 || !parsed) {
    throw new ConfigurationError(`Invalid ${vendor} configuration: ${problems.join('; ')}`, { vendor, problems });
  }
  return parsed;
}

/** Sets `a.b` in a config object, creating the nested object. */
function setPath(config: Record<string, unknown>, field: string, value: unknown): void {
  const [head, ...rest] = field.split('.') as [string, ...string[]];
  if (rest.length === 0) {
    config[head] = value;
    return;
  }
  config[head] ??= {};
  setPath(config[head] as Record<string, unknown>, rest.join('.'), value);
}

/**
 * `createProvider(configFromEnv())`: the vendor and credentials come from `OMNIHOST_*` variables, so one
 * script runs against any vendor by changing its environment. Typed as the union of the installed vendor
 * packages' providers (their `ProviderRegistry` entries), which narrows on `provider.vendor`:
 *
 * ```ts
 * const provider = await providerFromEnv();
 * if (provider.vendor === 'acquia') await provider.raw.request('getAccount');
 * ```
 * @public
 */
export async function providerFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  loader?: PackageLoader,
): Promise<ProviderFor<VendorId>> {
  return (await createProvider(configFromEnv(env), loader)) as ProviderFor<VendorId>;
}
