import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { accountsFromFile, parseAccounts, providerConfigFor, resolveAccount, secretValuesOf } from '../../src/index.js';

const file = {
  accounts: [
    {
      name: 'acquia-prod',
      vendor: 'acquia',
      settings: { clientId: 'client-1', baseUrl: 'http://127.0.0.1:1/api', allowInsecureHttp: true },
      secrets: { clientSecret: { env: 'ACQUIA_PROD_SECRET' } },
    },
    { name: 'c66', vendor: 'cloud66', secrets: { token: { env: 'C66_TOKEN' } } },
  ],
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return [...(error as ConfigurationError).problems];
  }
  throw new Error('expected a ConfigurationError');
}

describe('accounts file', () => {
  it('names accounts, never credentials: a provider config comes from settings plus the environment', () => {
    const accounts = parseAccounts(file);
    expect(accounts.list.map((account) => account.name)).toEqual(['acquia-prod', 'c66']);
    const config = providerConfigFor(accounts.get('acquia-prod'), { ACQUIA_PROD_SECRET: 's3cret-value' });
    expect(config).toMatchObject({ vendor: 'acquia', clientId: 'client-1', clientSecret: 's3cret-value' });
    expect(secretValuesOf(accounts.get('c66'), { C66_TOKEN: 'tok-123456' })).toEqual(['tok-123456']);
  });

  it('refuses a credential written as a value, pointing at the field', () => {
    const problems = problemsOf(() =>
      parseAccounts({ accounts: [{ name: 'a', vendor: 'acquia', settings: { clientId: 'x', clientSecret: 'oops' } }] }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^accounts\[0\]\.settings\.clientSecret: clientSecret is a credential/),
    ]);
    expect(problems.join()).not.toContain('oops');
  });

  it('names an unknown vendor with the known ones, and duplicate names', () => {
    expect(problemsOf(() => parseAccounts({ accounts: [{ name: 'a', vendor: 'acqia' }] }))).toEqual([
      'accounts[0].vendor: unknown vendor "acqia"; known: acquia, sitefactory, cloud66, onapp',
    ]);
    const duplicate = {
      accounts: [
        { name: 'a', vendor: 'cloud66' },
        { name: 'a', vendor: 'onapp' },
      ],
    };
    expect(problemsOf(() => parseAccounts(duplicate))).toEqual([
      'accounts[1].name: "a" is already the name of accounts[0]',
    ]);
    expect(problemsOf(() => parseAccounts({ accounts: [{ name: 'a', vendor: 'cloud66', extra: 1 }] }))).toEqual([
      'accounts[0]: unknown field "extra"',
    ]);
  });

  it('fails on a missing secret variable, naming the variable and never a value', () => {
    const accounts = parseAccounts(file);
    const problems = problemsOf(() => providerConfigFor(accounts.get('acquia-prod'), {}));
    expect(problems).toEqual(['clientSecret reads ACQUIA_PROD_SECRET, which is not set']);
  });

  it('fails on an unknown account, listing the known ones', () => {
    expect(() => parseAccounts(file).get('nope')).toThrow(/unknown account "nope".*acquia-prod, c66/);
  });

  it('validates the resolved config with the vendor schema (a missing required setting)', () => {
    const accounts = parseAccounts({
      accounts: [{ name: 'sf', vendor: 'sitefactory', secrets: { apiKey: { env: 'K' } } }],
    });
    expect(() => providerConfigFor(accounts.get('sf'), { K: 'key-1234' })).toThrow(/account sf: baseUrl/);
  });

  it('reads a file: --accounts, then $OMNIHOST_ACCOUNTS_FILE; a missing file and bad JSON are clear errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-accounts-'));
    const path = join(dir, 'accounts.json');
    writeFileSync(path, JSON.stringify(file));
    expect((await accountsFromFile(path)).source).toBe(path);
    expect((await accountsFromFile(undefined, { OMNIHOST_ACCOUNTS_FILE: path })).list).toHaveLength(2);
    await expect(accountsFromFile(join(dir, 'none.json'))).rejects.toThrow(
      /cannot read the accounts file .*no such file/,
    );
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    await expect(accountsFromFile(join(dir, 'bad.json'))).rejects.toThrow(/is not valid JSON/);
    const config = await resolveAccount('c66', { accountsFile: path, env: { C66_TOKEN: 'tok-123456' } });
    expect(config).toMatchObject({ vendor: 'cloud66', token: 'tok-123456' });
  });
});
