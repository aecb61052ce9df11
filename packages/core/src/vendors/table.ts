import type { z } from 'zod';
import {
  acquiaConfigSchema,
  cloud66ConfigSchema,
  onAppConfigSchema,
  siteFactoryConfigSchema,
} from './config-schemas.js';

/** A client-side budget: at most `limit` requests in any `windowMs`. @public */
export interface VendorRateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * What core knows about one vendor without loading its package. Every other list of vendors (the
 * `VendorId` union, the config union, `providerFromEnv`, the model enums, the CLI's simulator loaders and
 * flags, the test variants) is derived from {@link VENDORS}, so adding a vendor is one package and one row.
 * @public
 */
export interface VendorTableRow {
  /** How people name the vendor (`Acquia Cloud Platform`). */
  readonly displayName: string;
  /** The npm package that implements it, loaded on demand by `createProvider`. */
  readonly packageName: string;
  /** The provider factory that package exports (`createAcquiaProvider`). */
  readonly factoryExport: string;
  /** The simulator starter its `/testing` subpath exports (`startAcquiaSimulator`). */
  readonly simulatorExport: string;
  /** The vendor's config, as `createProvider` validates it before loading the package. */
  readonly configSchema: z.ZodType<{ vendor: string }>;
  /**
   * Config field ← `OMNIHOST_*` variable, for the fields only this vendor reads (the common ones are core's
   * `COMMON_ENV_VARIABLES`). Every field of the config schema has one, but `logger`, which is code.
   */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /**
   * The client-side rate limit used when a config sets none: the vendor's published limit, or (Site
   * Factory) an assumed one; `false` where the vendor has none (OnApp is self-hosted).
   */
  readonly defaultRateLimit: VendorRateLimit | false;
  /** Wire formats the vendor speaks (config `format`); the first is the default. */
  readonly formats: readonly [string, ...string[]];
  /**
   * Whether a config may accept a self-signed TLS certificate (`allowSelfSignedCertificates`): only for
   * hosts the customer runs (OnApp panels). A vendor's own API is never reached without verifying it.
   */
  readonly selfHosted: boolean;
}

/**
 * The one vendor table. Rows are in a stable order (the order of {@link VENDOR_IDS}, of the CLI's help
 * and of the contract suite).
 * @public
 */
export const VENDORS = {
  acquia: {
    displayName: 'Acquia Cloud Platform',
    packageName: '@omnihost/acquia',
    factoryExport: 'createAcquiaProvider',
    simulatorExport: 'startAcquiaSimulator',
    configSchema: acquiaConfigSchema,
    environmentVariables: {
      clientId: 'OMNIHOST_CLIENT_ID',
      clientSecret: 'OMNIHOST_CLIENT_SECRET',
      tokenUrl: 'OMNIHOST_TOKEN_URL',
      organizationUuid: 'OMNIHOST_ORGANIZATION_UUID',
      tokenExpirySkewMs: 'OMNIHOST_TOKEN_EXPIRY_SKEW_MS',
    },
    // 100 calls a minute per API key (vendors/acquia-cloud.md §7, seed 001).
    defaultRateLimit: { limit: 100, windowMs: 60_000 },
    formats: ['json'],
    selfHosted: false,
  },
  sitefactory: {
    displayName: 'Acquia Cloud Site Factory',
    packageName: '@omnihost/sitefactory',
    factoryExport: 'createSiteFactoryProvider',
    simulatorExport: 'startSiteFactorySimulator',
    configSchema: siteFactoryConfigSchema,
    environmentVariables: {
      username: 'OMNIHOST_USERNAME',
      apiKey: 'OMNIHOST_API_KEY',
      // Named for the factory, not `OMNIHOST_ENVIRONMENT`: `sites list --environment` already selects sites.
      environment: 'OMNIHOST_FACTORY_ENVIRONMENT',
    },
    // Site Factory publishes no limit (vendors/sitefactory.md §7): an assumed 10 requests a second per user.
    defaultRateLimit: { limit: 100, windowMs: 10_000 },
    formats: ['json'],
    selfHosted: false,
  },
  cloud66: {
    displayName: 'Cloud 66',
    packageName: '@omnihost/cloud66',
    factoryExport: 'createCloud66Provider',
    simulatorExport: 'startCloud66Simulator',
    configSchema: cloud66ConfigSchema,
    environmentVariables: { token: 'OMNIHOST_TOKEN', accountId: 'OMNIHOST_ACCOUNT_ID' },
    // 3,000 calls an hour per token (vendors/cloud66.md §7).
    defaultRateLimit: { limit: 3000, windowMs: 3_600_000 },
    formats: ['json'],
    selfHosted: false,
  },
  onapp: {
    displayName: 'OnApp',
    packageName: '@omnihost/onapp',
    factoryExport: 'createOnAppProvider',
    simulatorExport: 'startOnAppSimulator',
    configSchema: onAppConfigSchema,
    environmentVariables: {
      email: 'OMNIHOST_EMAIL',
      apiKey: 'OMNIHOST_API_KEY',
      login: 'OMNIHOST_LOGIN',
      password: 'OMNIHOST_PASSWORD',
      format: 'OMNIHOST_FORMAT',
      allowSelfSignedCertificates: 'OMNIHOST_ALLOW_SELF_SIGNED',
      siteEnvironments: 'OMNIHOST_SITE_ENVIRONMENTS',
      transactionDiscoveryTimeoutMs: 'OMNIHOST_DISCOVERY_TIMEOUT_MS',
      pageSize: 'OMNIHOST_PAGE_SIZE',
    },
    // Self-hosted panels set their own limits, if any: none by default.
    defaultRateLimit: false,
    formats: ['xml', 'json'],
    selfHosted: true,
  },
} as const satisfies Readonly<Record<string, VendorTableRow>>;

// `as const` only binds the compiler: freeze the rows too, so no caller can change core's table at run time
// (vendor packages export some of its values, the default rate limits, under their own names).
for (const row of Object.values(VENDORS)) {
  if (row.defaultRateLimit) Object.freeze(row.defaultRateLimit);
  Object.freeze(row.environmentVariables);
  Object.freeze(row.formats);
  Object.freeze(row);
}
Object.freeze(VENDORS);

/** The table's type, row by row. @public */
export type VendorTable = typeof VENDORS;

/**
 * The vendors omnihost speaks to. Every model and error names one of these.
 * @public
 */
export type VendorId = keyof VendorTable;

/** All vendor ids, in the table's order (a non-empty tuple, so `z.enum(VENDOR_IDS)` types). @public */
export const VENDOR_IDS = Object.keys(VENDORS) as [VendorId, ...VendorId[]];

/** The npm package that implements each vendor. @public */
export const VENDOR_PACKAGES: Readonly<Record<VendorId, string>> = Object.fromEntries(
  VENDOR_IDS.map((vendor) => [vendor, VENDORS[vendor].packageName]),
) as Record<VendorId, string>;

/** True when `value` names a vendor of the table. @public */
export function isVendorId(value: unknown): value is VendorId {
  return typeof value === 'string' && Object.hasOwn(VENDORS, value);
}

/** A vendor's config as written by a user, by vendor. @public */
export type VendorConfig<V extends VendorId> = z.input<VendorTable[V]['configSchema']>;
