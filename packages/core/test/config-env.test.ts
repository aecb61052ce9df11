/**
 * Issue 13: every config field has its `OMNIHOST_*` variable (and so its CLI flag), invalid is reported as
 * invalid (never as missing), and a variable whose value is not understood is refused, by name.
 */
import { describe, expect, it } from 'vitest';
import {
  COMMON_ENV_VARIABLES,
  ConfigurationError,
  configFromEnv,
  ENV_VARIABLES,
  parseConfig,
  providerConfigSchema,
  readEnvValue,
  VENDOR_IDS,
  VENDORS,
} from '../src/index.js';

/** Config fields that hold code, not values. */
const CODE_FIELDS = new Set(['logger', 'limiter']);

const base = {
  acquia: { OMNIHOST_CLIENT_ID: 'client-id', OMNIHOST_CLIENT_SECRET: 'client-secret' },
  sitefactory: {
    OMNIHOST_BASE_URL: 'https://www.demo.acsitefactory.com',
    OMNIHOST_USERNAME: 'u',
    OMNIHOST_API_KEY: 'k-123',
  },
  cloud66: { OMNIHOST_TOKEN: 'token-1234' },
  onapp: {
    OMNIHOST_BASE_URL: 'https://panel.example.net',
    OMNIHOST_EMAIL: 'ops@example.net',
    OMNIHOST_API_KEY: 'k-123',
  },
} as const;

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('every config field has its variable', () => {
  it.each(VENDOR_IDS)('%s: each field of the config schema is read from an OMNIHOST_* variable', (vendor) => {
    const shape = (VENDORS[vendor].configSchema as unknown as { shape: Record<string, unknown> }).shape;
    const variables = { ...COMMON_ENV_VARIABLES, ...ENV_VARIABLES[vendor] };
    const covered = new Set(Object.keys(variables).map((field) => field.split('.')[0]));
    // `logger` and `limiter` are code: no variable can hold them.
    expect(Object.keys(shape).filter((field) => !CODE_FIELDS.has(field) && !covered.has(field))).toEqual([]);
  });

  it('reads every kind of value: integers, booleans, nested retry settings, a rate limit, a map', () => {
    const config = configFromEnv({
      OMNIHOST_VENDOR: 'onapp',
      ...base.onapp,
      OMNIHOST_TIMEOUT_MS: '2500',
      OMNIHOST_ALLOW_INSECURE_HTTP: 'YES',
      OMNIHOST_ALLOW_SELF_SIGNED: '0',
      OMNIHOST_RETRIES: '7',
      OMNIHOST_RETRY_MAX_TOTAL_WAIT_MS: '60000',
      OMNIHOST_RATE_LIMIT: '300/1m',
      OMNIHOST_SITE_ENVIRONMENTS: 'web-1=prod, web-2 = staging',
      OMNIHOST_PAGE_SIZE: '250',
      OMNIHOST_USER_AGENT: 'release-bot/1.0',
    });
    expect(config).toMatchObject({
      timeoutMs: 2500,
      allowInsecureHttp: true,
      allowSelfSignedCertificates: false,
      retry: { retries: 7, maxTotalWaitMs: 60_000 },
      rateLimit: { limit: 300, windowMs: 60_000 },
      siteEnvironments: { 'web-1': 'prod', 'web-2': 'staging' },
      pageSize: 250,
      userAgent: 'release-bot/1.0',
    });
    expect(configFromEnv({ OMNIHOST_VENDOR: 'cloud66', ...base.cloud66, OMNIHOST_RATE_LIMIT: 'off' })).toMatchObject({
      rateLimit: false,
    });
    expect(
      configFromEnv({ OMNIHOST_VENDOR: 'sitefactory', ...base.sitefactory, OMNIHOST_FACTORY_ENVIRONMENT: 'prod' }),
    ).toMatchObject({ environment: 'prod' });
  });
});

describe('what is not understood is refused, by name', () => {
  it.each(['on', 'maybe', 'TRUE!', '2'])('OMNIHOST_ALLOW_INSECURE_HTTP=%s is refused, not read as false', (value) => {
    const problems = problemsOf(() =>
      configFromEnv({ OMNIHOST_VENDOR: 'cloud66', ...base.cloud66, OMNIHOST_ALLOW_INSECURE_HTTP: value }),
    );
    expect(problems).toEqual(['OMNIHOST_ALLOW_INSECURE_HTTP: must be true or false (also 1/0, yes/no)']);
  });

  it('a number, a rate limit or a map that does not read is refused, with the other problems', () => {
    const problems = problemsOf(() =>
      configFromEnv({
        OMNIHOST_VENDOR: 'onapp',
        OMNIHOST_BASE_URL: 'https://panel.example.net',
        OMNIHOST_TIMEOUT_MS: 'abc',
        OMNIHOST_RATE_LIMIT: '100 per minute',
        OMNIHOST_SITE_ENVIRONMENTS: 'web-1',
      }),
    );
    expect(problems).toContain('OMNIHOST_TIMEOUT_MS: must be a whole number');
    expect(problems).toContain('OMNIHOST_RATE_LIMIT: must be "off" or <calls>/<window>, such as 100/60s or 3000/1h');
    expect(problems).toContain('OMNIHOST_SITE_ENVIRONMENTS: must be key=value pairs separated by commas');
    // The credentials' absence is still reported in the same error.
    expect(problems.some((problem) => problem.includes('OMNIHOST_EMAIL'))).toBe(true);
  });

  it('never echoes a value', () => {
    expect(readEnvValue('boolean', 'OMNIHOST_X', 's3cr3t-value')).toEqual({
      problem: 'OMNIHOST_X: must be true or false (also 1/0, yes/no)',
    });
  });
});

describe('invalid is not missing', () => {
  it.each(['cp.example.net', 'http//cp.example.net', 'ftp://cp.example.net'])(
    'baseUrl %s is invalid on every vendor that takes one',
    (baseUrl) => {
      for (const vendor of ['sitefactory', 'onapp', 'cloud66', 'acquia'] as const) {
        const problems = problemsOf(() =>
          configFromEnv({ OMNIHOST_VENDOR: vendor, ...base[vendor], OMNIHOST_BASE_URL: baseUrl }),
        );
        expect(problems, vendor).toEqual([
          'OMNIHOST_BASE_URL: must be an absolute http:// or https:// URL, such as https://api.example.com',
        ]);
      }
    },
  );

  it('a missing baseUrl is required; a clientSecret of the wrong type is invalid', () => {
    expect(
      problemsOf(() =>
        configFromEnv({ OMNIHOST_VENDOR: 'sitefactory', OMNIHOST_USERNAME: 'u', OMNIHOST_API_KEY: 'k-1' }),
      ),
    ).toEqual(['OMNIHOST_BASE_URL is required']);
    expect(
      problemsOf(() =>
        parseConfig(providerConfigSchema, { vendor: 'acquia', clientId: 'id', clientSecret: 123 }, 'acquia'),
      ),
    ).toEqual(['clientSecret: must be a string']);
    expect(problemsOf(() => parseConfig(providerConfigSchema, { vendor: 'acquia', clientId: 'id' }, 'acquia'))).toEqual(
      ['clientSecret is required'],
    );
  });
});
