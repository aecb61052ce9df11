import {
  COMMON_ENV_VARIABLES,
  ENV_VALUE_KINDS,
  ENV_VARIABLES,
  VENDOR_IDS,
  VENDORS,
  type VendorId,
} from '@omnihost/core';

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
  /** A whole number (`--request-timeout-ms`): checked when parsed, so a typo is a usage error that says so. */
  readonly number: boolean;
  /** The values it may take (`--format`: xml, json), when the config schema lists them. */
  readonly choices: readonly string[] | undefined;
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
  transactionDiscoveryTimeoutMs: { flag: 'discovery-timeout-ms', legacy: [] },
};

/** The values a field may take, where core's config schema lists them (`format`: xml, json). */
interface FieldShape {
  readonly kind: 'enum' | 'other';
  readonly choices?: readonly string[];
}

/** The zod definition fields this reads (zod 4's documented `def`). */
interface ZodDef {
  readonly type?: string;
  readonly shape?: Readonly<Record<string, { readonly def?: ZodDef }>>;
  readonly innerType?: { readonly def?: ZodDef };
  readonly entries?: Readonly<Record<string, string | number>>;
}

/**
 * The choices of `field` in a vendor's config schema (core's vendor table), so that a field core adds with a
 * fixed list of values is a choice here without a second list. Whether a flag is a switch or a number is
 * core's `ENV_VALUE_KINDS`, the one table of how every variable is read.
 */
function fieldShape(vendor: VendorId, field: string): FieldShape {
  const schema = VENDORS[vendor].configSchema as unknown as { readonly def?: ZodDef };
  let def = schema.def?.shape?.[field]?.def;
  while (def && (def.type === 'optional' || def.type === 'nullable' || def.type === 'default')) {
    def = def.innerType?.def;
  }
  if (def?.type === 'enum' && def.entries) return { kind: 'enum', choices: Object.values(def.entries).map(String) };
  return { kind: 'other' };
}

/**
 * Every connection flag, derived from core's `ENV_VARIABLES` and `COMMON_ENV_VARIABLES` so that a field
 * added to core's env table is a flag here without a second list to keep in step.
 * @public
 */
export const CONNECTION_FLAGS: readonly ConnectionFlag[] = buildFlags();

function buildFlags(): ConnectionFlag[] {
  const byField = new Map<string, { variable: string; vendors: VendorId[] }>();
  const add = (field: string, variable: string, vendors: readonly VendorId[]) => {
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
    const shapes = vendors.map((vendor) => fieldShape(vendor, field));
    const all = (kind: FieldShape['kind']) => shapes.length > 0 && shapes.every((shape) => shape.kind === kind);
    const kind = ENV_VALUE_KINDS[field];
    return {
      field,
      variable,
      flag,
      attribute: camelCase(flag),
      legacyFlags: FLAG_NAMES[field]?.legacy ?? [],
      vendors,
      boolean: kind === 'boolean',
      number: kind === 'integer',
      choices: all('enum') ? shapes[0]?.choices : undefined,
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
