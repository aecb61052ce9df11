import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ConfigurationError, configFromEnv, createProvider, VERSION } from '../src/index.js';

describe('createProvider', () => {
  it('validates the config and lists every problem by field', async () => {
    const error = (await createProvider({
      vendor: 'acquia',
      clientId: '',
      clientSecret: undefined as unknown as string,
    }).catch((e: unknown) => e)) as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.problems).toEqual(['clientId: clientId must not be empty', 'clientSecret is required']);
  });

  it('rejects an unknown vendor', async () => {
    await expect(createProvider({ vendor: 'heroku' } as never)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('names the package to install when a vendor package is missing', async () => {
    const missing = async (name: string) => {
      const error = new Error(`Cannot find package '${name}' imported from /app`) as Error & { code: string };
      error.code = 'ERR_MODULE_NOT_FOUND';
      throw error;
    };
    const error = (await createProvider({ vendor: 'cloud66', token: 't' }, missing).catch(
      (e: unknown) => e,
    )) as ConfigurationError;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('npm install @omnihost/cloud66');
  });

  it('loads the vendor package on demand and calls its factory with the config', async () => {
    const loaded: string[] = [];
    const fake = { vendor: 'onapp' };
    const provider = await createProvider(
      { vendor: 'onapp', baseUrl: 'https://cp.example.com', email: 'a@b.c', apiKey: 'k' },
      async (name) => {
        loaded.push(name);
        return { createOnAppProvider: (config: unknown) => ({ ...fake, config }) };
      },
    );
    expect(loaded).toEqual(['@omnihost/onapp']);
    expect((provider as unknown as { config: { email: string } }).config.email).toBe('a@b.c');
  });
});

describe('configFromEnv', () => {
  it('reads OMNIHOST_* variables for the chosen vendor', () => {
    expect(
      configFromEnv({
        OMNIHOST_VENDOR: 'acquia',
        OMNIHOST_CLIENT_ID: 'id',
        OMNIHOST_CLIENT_SECRET: 'secret',
        OMNIHOST_ALLOW_INSECURE_HTTP: '1',
        OMNIHOST_BASE_URL: 'http://127.0.0.1:1234/api',
      }),
    ).toMatchObject({ vendor: 'acquia', clientId: 'id', clientSecret: 'secret', allowInsecureHttp: true });
  });

  it('names the missing variables', () => {
    const error = (() => {
      try {
        configFromEnv({ OMNIHOST_VENDOR: 'sitefactory', OMNIHOST_USERNAME: 'ops' });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error?.problems).toEqual(
      expect.arrayContaining(['OMNIHOST_BASE_URL is required', 'OMNIHOST_API_KEY is required']),
    );
  });

  it('tells an invalid value from a missing one, without printing the value', () => {
    const error = (() => {
      try {
        configFromEnv({ OMNIHOST_VENDOR: 'cloud66', OMNIHOST_TOKEN: 't0k3n-secret', OMNIHOST_TIMEOUT_MS: 'abc' });
      } catch (e) {
        return e as ConfigurationError;
      }
    })();
    expect(error?.problems).toHaveLength(1);
    expect(error?.problems[0]).toMatch(/^OMNIHOST_TIMEOUT_MS: /);
    expect(error?.problems[0]).not.toContain('required');
    expect(error?.message).not.toContain('abc');
  });

  it('requires OMNIHOST_VENDOR and says which values exist', () => {
    expect(() => configFromEnv({})).toThrow(/OMNIHOST_VENDOR is required/);
    expect(() => configFromEnv({ OMNIHOST_VENDOR: 'x' })).toThrow(/acquia, sitefactory, cloud66, onapp/);
  });
});

describe('VERSION', () => {
  it('matches package.json (it is sent as User-Agent)', () => {
    expect(VERSION).toBe(packageJson.version);
  });
});
