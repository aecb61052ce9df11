import { COMMON_ENV_VARIABLES, ENV_VALUE_KINDS, ENV_VARIABLES, VENDOR_IDS } from '@omnihost/core';

/** One connection option: the config field, its `OMNIHOST_*` variable and its command-line flag. @public */
export interface ConnectionFlag {
  /** The provider config field (`clientId`). */
  readonly field: string;
  /** The environment variable core reads it from (`OMNIHOST_CLIENT_ID`). */
  readonly variable: string;
  /** The long flag, without dashes (`client-id`). */
  readonly flag: string;
  /** Where commander puts the flag's value (`clientId`). */
  readonly attribute: string;
  /** Older spellings still accepted, hidden from help (`timeout-ms`). */
  readonly legacyFlags: readonly string[];
  /** Which vendors read it. */
  readonly vendors: readonly string[];
  /** A switch (`--allow-insecure-http`), not a value. */
  readonly boolean: boolean;
  /** What `--help` says about it, beyond the variable's name. */
  readonly hint: string | undefined;
}

/** Help for the flags whose variable name does not say enough. Fields core adds later get none, not an error. */
const HINTS: Readonly<Record<string, string>> = {
  baseUrl: 'API base URL (required for Site Factory and OnApp)',
  allowInsecureHttp: 'allow credentials over plain http:// (simulators on 127.0.0.1)',
  timeoutMs: 'per-request timeout in milliseconds',
  rateLimit: 'client-side rate limit: off, or <calls>/<window> such as 100/60s',
  siteEnvironments: 'stage of particular servers: id=prod,id2=staging',
  environment: "the factory's stage (prod, staging, dev, other) when its data does not tell",
  organizationUuid: 'organisation to scope the token to',
  format: 'xml or json',
  allowSelfSignedCertificates: "accept the panel's self-signed TLS certificate",
};

/**
 * Flags not named after their field. `--request-timeout-ms` is the per-request timeout, named so it cannot
 * be taken for `--wait-timeout`, the deadline of `--wait` (issue 11); `--timeout-ms` still works, hidden.
 */
const FLAG_NAMES: Readonly<Record<string, { flag: string; legacy: readonly string[] }>> = {
  timeoutMs: { flag: 'request-timeout-ms', legacy: ['timeout-ms'] },
  // `--environment` already selects sites (`sites list -e prod`); this one says which stage a factory serves.
  environment: { flag: 'factory-environment', legacy: [] },
  'retry.retries': { flag: 'retries', legacy: [] },
};

/** Fields that are switches in core's env parsing (`OMNIHOST_ALLOW_INSECURE_HTTP=true`). */
const BOOLEAN_FIELDS = new Set(
  Object.entries(ENV_VALUE_KINDS)
    .filter(([, kind]) => kind === 'boolean')
    .map(([field]) => field),
);

/**
 * Every connection flag, derived from core's `ENV_VARIABLES` and `COMMON_ENV_VARIABLES` so that a field
 * added to core's env table is a flag here without a second list to keep in step.
 * @public
 */
export const CONNECTION_FLAGS: readonly ConnectionFlag[] = buildFlags();

function buildFlags(): ConnectionFlag[] {
  const byField = new Map<string, { variable: string; vendors: string[] }>();
  const add = (field: string, variable: string, vendors: readonly string[]) => {
    const known = byField.get(field);
    if (known && known.variable !== variable) {
      // Two vendors reading one field from different variables would make one flag ambiguous.
      throw new Error(`core maps ${field} to both ${known.variable} and ${variable}`);
    }
    if (known) known.vendors.push(...vendors);
    else byField.set(field, { variable, vendors: [...vendors] });
  };
  for (const [field, variable] of Object.entries(COMMON_ENV_VARIABLES)) add(field, variable, VENDOR_IDS);
  for (const vendor of VENDOR_IDS) {
    for (const [field, variable] of Object.entries(ENV_VARIABLES[vendor])) add(field, variable, [vendor]);
  }
  return [...byField].map(([field, { variable, vendors }]) => {
    const flag = FLAG_NAMES[field]?.flag ?? kebabCase(field);
    return {
      field,
      variable,
      flag,
      attribute: camelCase(flag),
      legacyFlags: FLAG_NAMES[field]?.legacy ?? [],
      vendors,
      boolean: BOOLEAN_FIELDS.has(field),
      hint: HINTS[field],
    };
  });
}

/** `request-timeout-ms` → `requestTimeoutMs`, as commander names an option's value. @internal */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `clientId` → `client-id`; a nested field `retry.minDelayMs` → `retry-min-delay-ms`. */
function kebabCase(field: string): string {
  return field.replace(/\./g, '-').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The connection flag that stands for an `OMNIHOST_*` variable (used to name both in messages). @internal */
export function flagForVariable(variable: string): ConnectionFlag | undefined {
  return CONNECTION_FLAGS.find((entry) => entry.variable === variable);
}
