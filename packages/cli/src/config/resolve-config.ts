import { ConfigurationError, configFromEnv, isOmnihostErrorNamed, type ProviderConfig } from '@omnihost/core';
import {
  ACCOUNT_VARIABLE,
  ACCOUNTS_FILE_VARIABLE,
  accountsFromFileSync,
  providerConfigFor,
  secretValuesOf,
} from '@omnihost/fleet';
import { CONNECTION_FLAGS, type ConnectionFlag, camelCase, flagForVariable } from './connection-flags.js';

/** Environment as the CLI sees it. @public */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The provider config for a command: `OMNIHOST_*` variables, overridden by connection flags. Flags are
 * turned into the variables they stand for and the result goes through core's `configFromEnv`, so the
 * CLI validates with the same zod schemas and the same env table as `providerFromEnv()` — there is no
 * second parser to drift. Problems name both the variable and the flag ("OMNIHOST_CLIENT_ID (--client-id)
 * is required"), and never a value.
 *
 * With `--account NAME` (or `OMNIHOST_ACCOUNT`) the config is that account's instead: its vendor and settings
 * from the accounts file (`--accounts-file PATH`, `OMNIHOST_ACCOUNTS_FILE`, `./omnihost.accounts.json`), its
 * credentials from the variables the file names (`@omnihost/fleet`'s `providerConfigFor`, the fleet's own
 * rule). The other `OMNIHOST_*` connection variables are then not read; a connection flag given with it is
 * refused rather than silently mixed into another account's config.
 * @public
 */
export function resolveConfig(flags: Readonly<Record<string, unknown>>, env: Environment): ProviderConfig {
  const account = accountName(flags, env);
  if (account !== undefined) return accountConfig(account, flags, env);
  const merged: Record<string, string | undefined> = { ...env };
  for (const entry of CONNECTION_FLAGS) {
    const value = flagValue(flags, entry);
    if (value === undefined || value === false) continue;
    merged[entry.variable] = entry.boolean ? 'true' : String(value);
  }
  try {
    return configFromEnv(merged);
  } catch (error) {
    if (!isOmnihostErrorNamed(error, 'ConfigurationError')) throw error;
    throw withFlagNames(error as ConfigurationError);
  }
}

/** `--account NAME`, else `OMNIHOST_ACCOUNT`; undefined when neither is given. @public */
export function accountName(flags: Readonly<Record<string, unknown>>, env: Environment): string | undefined {
  const flag = flags.account;
  if (typeof flag === 'string' && flag.length > 0) return flag;
  const variable = env[ACCOUNT_VARIABLE]?.trim();
  return variable ? variable : undefined;
}

function accountConfig(name: string, flags: Readonly<Record<string, unknown>>, env: Environment): ProviderConfig {
  const given = CONNECTION_FLAGS.filter((entry) => {
    const value = flagValue(flags, entry);
    return value !== undefined && value !== false;
  }).map((entry) => `--${entry.flag}`);
  if (given.length > 0) {
    throw new ConfigurationError(
      `account ${name} gives the connection: leave out ${given.join(', ')}, or change the account's settings in the accounts file`,
      { problems: given.map((flag) => `${flag} given with --account`) },
    );
  }
  const accounts = accountsFromFileSync(accountsFileFlag(flags), env);
  return providerConfigFor(accounts.get(name), env);
}

/**
 * The vendor of the account `--account` (or `OMNIHOST_ACCOUNT`) names, read from the accounts file; undefined
 * when no account is named. Commands whose input names a vendor (`operations reconcile|resume`) check it.
 * @public
 */
export function namedAccountVendor(flags: Readonly<Record<string, unknown>>, env: Environment): string | undefined {
  const name = accountName(flags, env);
  if (name === undefined) return undefined;
  return accountsFromFileSync(accountsFileFlag(flags), env).get(name).vendor;
}

function accountsFileFlag(flags: Readonly<Record<string, unknown>>): string | undefined {
  const file = flags.accountsFile;
  return typeof file === 'string' && file.length > 0 ? file : undefined;
}

/** A connection flag's value, under its name or one of its legacy spellings. */
function flagValue(flags: Readonly<Record<string, unknown>>, entry: ConnectionFlag): unknown {
  if (flags[entry.attribute] !== undefined) return flags[entry.attribute];
  for (const legacy of entry.legacyFlags) {
    const value = flags[camelCase(legacy)];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Rewrites "OMNIHOST_X is required" to "OMNIHOST_X (--x) is required" in the message and every problem. */
function withFlagNames(error: ConfigurationError): ConfigurationError {
  const annotate = (text: string) =>
    text.replace(/\bOMNIHOST_[A-Z_]+\b/g, (variable) => {
      const entry = flagForVariable(variable);
      return entry ? `${variable} (--${entry.flag})` : variable;
    });
  return new ConfigurationError(annotate(error.message), {
    vendor: error.vendor,
    problems: error.problems.map(annotate),
  });
}

/** Config fields that hold secrets, scrubbed from anything the CLI prints. */
const SECRET_FIELDS = new Set(['clientSecret', 'apiKey', 'token', 'password']);

/**
 * The connection flags a command was given, as arguments to repeat in a command the CLI suggests (`omnihost
 * operations reconcile …` after a lost answer), so that it reaches the same account from the same shell. Left
 * out: secrets (never printed; `secretFlags` names them so the suggestion can say to pass them again) and the
 * request timeout (a timeout too short for the vendor is often why the answer was lost: issue 15's
 * `--timeout-ms 1`).
 * @internal
 */
export function connectionArguments(flags: Readonly<Record<string, unknown>>): {
  args: string[];
  secretFlags: string[];
} {
  const args: string[] = [];
  const secretFlags: string[] = [];
  // A named account is the connection (issue 16): the suggestion names it, and its file, again.
  if (typeof flags.account === 'string' && flags.account) args.push('--account', flags.account);
  const file = accountsFileFlag(flags);
  if (file) args.push('--accounts-file', file);
  for (const entry of CONNECTION_FLAGS) {
    const value = flagValue(flags, entry);
    if (value === undefined || value === false || entry.field === 'timeoutMs') continue;
    if (SECRET_FIELDS.has(entry.field)) secretFlags.push(`--${entry.flag}`);
    else if (entry.boolean) args.push(`--${entry.flag}`);
    else args.push(`--${entry.flag}`, String(value));
  }
  return { args, secretFlags };
}

/**
 * The secret values given to the CLI (flags, `OMNIHOST_*` variables, and the variables an accounts file
 * names), so the error printer can scrub them from any text a vendor or a library sent back, even when the config never validated.
 * @public
 */
export function secretValues(flags: Readonly<Record<string, unknown>>, env: Environment): string[] {
  const secrets = new Set<string>();
  for (const entry of CONNECTION_FLAGS) {
    if (!SECRET_FIELDS.has(entry.field)) continue;
    for (const value of [flagValue(flags, entry), env[entry.variable]]) {
      if (typeof value === 'string' && value.length > 0) secrets.add(value);
    }
  }
  // Every account's: `--account` reads one, `fleet` commands read them all.
  if (accountName(flags, env) !== undefined || accountsFileFlag(flags) || env[ACCOUNTS_FILE_VARIABLE]) {
    try {
      const accounts = accountsFromFileSync(accountsFileFlag(flags), env);
      for (const account of accounts.list) for (const value of secretValuesOf(account, env)) secrets.add(value);
    } catch {
      // An unreadable accounts file may be the error being reported; it gave no secret.
    }
  }
  return [...secrets];
}
