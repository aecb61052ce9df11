/**
 * How an `OMNIHOST_*` variable's text becomes a config value. Every config field has a variable; these are
 * the ones that are not plain text.
 * @public
 */
export type EnvValueKind = 'text' | 'integer' | 'boolean' | 'rate-limit' | 'map';

/**
 * Config field (dotted for nested fields) → how its variable is read. Fields not listed are text.
 * @public
 */
export const ENV_VALUE_KINDS: Readonly<Record<string, EnvValueKind>> = {
  allowInsecureHttp: 'boolean',
  allowSelfSignedCertificates: 'boolean',
  timeoutMs: 'integer',
  maxResponseBytes: 'integer',
  tokenExpirySkewMs: 'integer',
  transactionDiscoveryTimeoutMs: 'integer',
  pageSize: 'integer',
  'retry.retries': 'integer',
  'retry.minDelayMs': 'integer',
  'retry.maxDelayMs': 'integer',
  'retry.maxTotalWaitMs': 'integer',
  rateLimit: 'rate-limit',
  siteEnvironments: 'map',
};

/** What reading a variable gave: the value, or the problem, which names the variable but never its value. */
export type EnvReading = { readonly value: unknown } | { readonly problem: string };

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);
const WINDOW_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Reads one variable's text as its kind. Anything not understood is a problem, never a silent default: an
 * `OMNIHOST_ALLOW_INSECURE_HTTP=on` that read as false would fail later, somewhere else, for another reason.
 * - boolean: `true`/`false`, `1`/`0`, `yes`/`no` (any case);
 * - integer: digits only;
 * - rate-limit: `off` (no client-side limit), or `<calls>/<window>` with the window in ms or with a unit:
 *   `100/60s`, `3000/1h`, `100/10000`;
 * - map: `key=value` pairs separated by commas (`web-1=prod,web-2=staging`).
 * @public
 */
export function readEnvValue(kind: EnvValueKind, variable: string, text: string): EnvReading {
  const value = text.trim();
  switch (kind) {
    case 'text':
      return { value: text };
    case 'boolean': {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { problem: `${variable}: must be true or false (also 1/0, yes/no)` };
    }
    case 'integer':
      return /^\d{1,15}$/.test(value) ? { value: Number(value) } : { problem: `${variable}: must be a whole number` };
    case 'rate-limit': {
      if (/^(off|false|none)$/i.test(value)) return { value: false };
      const match = /^(\d{1,9})\s*\/\s*(\d{1,12})\s*(ms|s|m|min|h)?$/i.exec(value);
      const limit = Number(match?.[1]);
      const windowMs = Number(match?.[2]) * (WINDOW_UNITS[(match?.[3] ?? 'ms').toLowerCase()] ?? 1);
      return match && limit > 0 && windowMs > 0
        ? { value: { limit, windowMs } }
        : { problem: `${variable}: must be "off" or <calls>/<window>, such as 100/60s or 3000/1h` };
    }
    case 'map': {
      const entries: [string, string][] = [];
      for (const pair of value.split(',')) {
        if (pair.trim() === '') continue;
        const [key, entry, ...rest] = pair.split('=').map((part) => part.trim());
        if (!key || !entry || rest.length > 0)
          return { problem: `${variable}: must be key=value pairs separated by commas` };
        entries.push([key, entry]);
      }
      return { value: Object.fromEntries(entries) };
    }
  }
}
