import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  ConfigurationError,
  type ProviderConfig,
  parseConfig,
  VENDOR_IDS,
  VENDORS,
  type VendorId,
} from '@omnihost/core';
import { z } from 'zod';
import { describeIssues } from '../util/zod-errors.js';

/**
 * The config fields that are credentials, per vendor. An accounts file gives them only as `secrets` (a
 * reference to a variable of the worker's environment), never as a value: a fleet's accounts file and its
 * Redis hold no credential (issue 16).
 * @public
 */
export const SECRET_FIELDS: Readonly<Record<VendorId, readonly string[]>> = {
  acquia: ['clientSecret'],
  sitefactory: ['apiKey'],
  cloud66: ['token'],
  onapp: ['apiKey', 'password'],
};

/** Config fields that are code, not data: a file cannot give them. */
const CODE_FIELDS = ['logger', 'limiter'];

/** The default accounts file, looked for in the working directory. @public */
export const DEFAULT_ACCOUNTS_FILE = 'omnihost.accounts.json';

/** The variable that names the accounts file (`--accounts-file` wins). @public */
export const ACCOUNTS_FILE_VARIABLE = 'OMNIHOST_ACCOUNTS_FILE';

/**
 * The variable that names the account a command uses when `--account` is not given (as `AWS_PROFILE` does
 * for the AWS CLI's `--profile`). @public
 */
export const ACCOUNT_VARIABLE = 'OMNIHOST_ACCOUNT';

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const secretReferenceSchema = z.strictObject({
  env: z.string().regex(ENV_NAME, 'must name an environment variable (letters, digits, _)'),
});

const accountSchema = z
  .strictObject({
    name: z
      .string()
      .regex(ACCOUNT_NAME, 'must be 1–63 characters of A–Z a–z 0–9 . _ - (starting with a letter or digit)'),
    vendor: z.string(),
    /** Everything of the vendor's config but credentials: base URL, client id, rate limit, ... */
    settings: z.record(z.string(), z.unknown()).default({}),
    /** Credentials, each read from a variable of the worker's environment. */
    secrets: z.record(z.string(), secretReferenceSchema).default({}),
    description: z.string().optional(),
  })
  .superRefine((account, ctx) => {
    if (!(VENDOR_IDS as readonly string[]).includes(account.vendor)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vendor'],
        message: `unknown vendor "${account.vendor}"; known: ${VENDOR_IDS.join(', ')}`,
      });
      return;
    }
    const secretFields = SECRET_FIELDS[account.vendor as VendorId];
    for (const field of Object.keys(account.settings)) {
      if (field === 'vendor') {
        ctx.addIssue({ code: 'custom', path: ['settings', field], message: 'give the vendor once, as "vendor"' });
      } else if (secretFields.includes(field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['settings', field],
          message: `${field} is a credential: give it as "secrets": { "${field}": { "env": "VARIABLE" } }, never as a value`,
        });
      } else if (CODE_FIELDS.includes(field)) {
        ctx.addIssue({ code: 'custom', path: ['settings', field], message: `${field} is code: a file cannot set it` });
      }
    }
    for (const field of Object.keys(account.secrets)) {
      if (field in account.settings) {
        ctx.addIssue({
          code: 'custom',
          path: ['secrets', field],
          message: `${field} is given in both settings and secrets`,
        });
      }
    }
  });

const accountsFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    accounts: z.array(accountSchema).min(1, 'list at least one account'),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.accounts.forEach((account, index) => {
      const first = seen.get(account.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', index, 'name'],
          message: `"${account.name}" is already the name of accounts[${first}]`,
        });
      } else seen.set(account.name, index);
    });
  });

/** One named vendor account of an accounts file. @public */
export interface Account {
  readonly name: string;
  readonly vendor: VendorId;
  /** The vendor config without credentials. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Config field → the environment variable that holds it. */
  readonly secrets: Readonly<Record<string, { readonly env: string }>>;
  readonly description?: string | undefined;
}

/** An accounts file, validated: accounts by name, in the file's order. @public */
export interface Accounts {
  readonly list: readonly Account[];
  /** The account of that name. @throws ConfigurationError naming the known accounts. */
  get(name: string): Account;
  has(name: string): boolean;
  /** Where the accounts were read from (for messages). */
  readonly source: string;
}

/** The environment secrets are read from: `process.env`, or a test's. @public */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Validates an accounts file's content: the accounts, their vendors, and that no credential is written in it.
 * Errors point at the field (`accounts[1].settings.clientSecret: ...`).
 * @throws ConfigurationError
 * @public
 */
export function parseAccounts(content: unknown, source = 'accounts'): Accounts {
  const result = accountsFileSchema.safeParse(content);
  if (!result.success) {
    const problems = describeIssues(result.error.issues);
    throw new ConfigurationError(`${source}: ${problems.join('; ')}`, { problems });
  }
  const list: Account[] = result.data.accounts.map((account) => ({
    name: account.name,
    vendor: account.vendor as VendorId,
    settings: account.settings,
    secrets: account.secrets,
    description: account.description,
  }));
  const byName = new Map(list.map((account) => [account.name, account]));
  return {
    list,
    source,
    has: (name) => byName.has(name),
    get(name) {
      const account = byName.get(name);
      if (!account) {
        throw new ConfigurationError(
          `unknown account "${name}" (${source} names: ${list.map((known) => known.name).join(', ')})`,
          { problems: [`unknown account ${name}`] },
        );
      }
      return account;
    },
  };
}

/**
 * Reads and validates an accounts file (JSON). The path is `path`, else `$OMNIHOST_ACCOUNTS_FILE`, else
 * `./omnihost.accounts.json`.
 * @throws ConfigurationError for a missing file, bad JSON or a bad account.
 * @public
 */
export async function accountsFromFile(path?: string, env: Environment = process.env): Promise<Accounts> {
  const file = accountsFilePath(path, env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
  return parseAccountsText(text, file);
}

/**
 * {@link accountsFromFile}, synchronously: for a command line resolving `--account NAME` where its config
 * is read synchronously. The same path rule and errors.
 * @throws ConfigurationError
 * @public
 */
export function accountsFromFileSync(path?: string, env: Environment = process.env): Accounts {
  const file = accountsFilePath(path, env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
  return parseAccountsText(text, file);
}

function accountsFilePath(path: string | undefined, env: Environment): string {
  return path || env[ACCOUNTS_FILE_VARIABLE] || DEFAULT_ACCOUNTS_FILE;
}

function unreadable(file: string, error: unknown): ConfigurationError {
  const code = (error as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'no such file' : String(code ?? error);
  return new ConfigurationError(
    `cannot read the accounts file ${file}: ${why} (give one with --accounts-file PATH or ${ACCOUNTS_FILE_VARIABLE})`,
    { problems: [`accounts file ${file}: ${why}`] },
  );
}

function parseAccountsText(text: string, file: string): Accounts {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${file} is not valid JSON: ${(error as Error).message}`, {
      problems: [`${file}: invalid JSON`],
    });
  }
  return parseAccounts(content, file);
}

/**
 * The secret values an account resolves to in `env` (for scrubbing: every string a fleet records passes
 * through `scrubSecrets` with them). Variables that are unset are left out.
 * @public
 */
export function secretValuesOf(account: Account, env: Environment = process.env): string[] {
  return Object.values(account.secrets)
    .map((reference) => env[reference.env])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * The provider config of an account: its settings plus its secrets, read from `env`, validated by the
 * vendor's schema (core's vendor table). This is the one place a secret is read.
 * @throws ConfigurationError naming the missing variable, or the invalid field (never a value).
 * @public
 */
export function providerConfigFor(account: Account, env: Environment = process.env): ProviderConfig {
  const missing = Object.entries(account.secrets)
    .filter(([, reference]) => !env[reference.env])
    .map(([field, reference]) => `${field} reads ${reference.env}, which is not set`);
  if (missing.length > 0) {
    throw new ConfigurationError(
      `account ${account.name}: ${missing.join('; ')} in this environment (secrets come from each worker's own environment)`,
      { vendor: account.vendor, problems: missing },
    );
  }
  const secrets = Object.fromEntries(
    Object.entries(account.secrets).map(([field, reference]) => [field, env[reference.env]]),
  );
  const config = { ...account.settings, ...secrets, vendor: account.vendor };
  parseConfig(
    VENDORS[account.vendor].configSchema,
    config,
    account.vendor,
    (path) => `account ${account.name}: ${path}`,
  );
  return config as ProviderConfig;
}

/**
 * Resolves `--account NAME` for any command: the account's provider config from the accounts file
 * (`--accounts-file PATH`, `$OMNIHOST_ACCOUNTS_FILE` or `./omnihost.accounts.json`) and this environment.
 * @throws ConfigurationError for an unknown account, a missing file or variable.
 * @public
 */
export async function resolveAccount(
  name: string,
  options: { accountsFile?: string | undefined; env?: Environment | undefined } = {},
): Promise<ProviderConfig> {
  const env = options.env ?? process.env;
  const accounts = await accountsFromFile(options.accountsFile, env);
  return providerConfigFor(accounts.get(name), env);
}
