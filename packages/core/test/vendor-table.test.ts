import { describe, expect, it } from 'vitest';
import {
  backupSchema,
  COMMON_ENV_VARIABLES,
  configFromEnv,
  deploymentSchema,
  ENV_VARIABLES,
  isVendorId,
  providerConfigSchema,
  siteSchema,
  taskSchema,
  transportOptionsFor,
  VENDOR_IDS,
  VENDOR_PACKAGES,
  VENDORS,
} from '../src/index.js';

describe('the vendor table', () => {
  it('is the one list of vendors: ids, packages, env variables and model enums derive from it', () => {
    expect(VENDOR_IDS).toEqual(Object.keys(VENDORS));
    for (const vendor of VENDOR_IDS) {
      expect(VENDOR_PACKAGES[vendor]).toBe(VENDORS[vendor].packageName);
      expect(ENV_VARIABLES[vendor]).toBe(VENDORS[vendor].environmentVariables);
      expect(VENDORS[vendor].factoryExport).toMatch(/^create\w+Provider$/);
      expect(VENDORS[vendor].simulatorExport).toMatch(/^start\w+Simulator$/);
    }
    for (const schema of [siteSchema, taskSchema, backupSchema, deploymentSchema]) {
      expect(schema.shape.vendor.options).toEqual(VENDOR_IDS);
    }
  });

  it('builds the config union from the rows', () => {
    for (const vendor of VENDOR_IDS) {
      const result = providerConfigSchema.safeParse({ vendor });
      // Every vendor's own schema answers (naming its missing credentials), not "unknown discriminator".
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).not.toContain('invalid_union');
    }
    expect(providerConfigSchema.safeParse({ vendor: 'cloud66', token: 't0k3n-value' }).success).toBe(true);
  });

  it('tells a vendor id from anything else', () => {
    expect(VENDOR_IDS.every(isVendorId)).toBe(true);
    for (const value of ['', 'Acquia', 'toString', '__proto__', 3, undefined, null])
      expect(isVendorId(value)).toBe(false);
  });

  it('reads each vendor from its own variables, named by the table', () => {
    expect(COMMON_ENV_VARIABLES.vendor).toBe('OMNIHOST_VENDOR');
    const config = configFromEnv({ OMNIHOST_VENDOR: 'cloud66', [ENV_VARIABLES.cloud66.token as string]: 'abc-token' });
    expect(config).toMatchObject({ vendor: 'cloud66', token: 'abc-token' });
  });

  it("gives transports the table's default rate limit, unless the config sets one", () => {
    expect(transportOptionsFor('acquia', {}, { baseUrl: 'https://cloud.acquia.com/api' }).rateLimit).toEqual(
      VENDORS.acquia.defaultRateLimit,
    );
    expect(transportOptionsFor('onapp', { baseUrl: 'https://panel.example.net' }).rateLimit).toBe(false);
    expect(
      transportOptionsFor('cloud66', { rateLimit: false }, { baseUrl: 'https://app.cloud66.com/api/3' }).rateLimit,
    ).toBe(false);
  });

  it('is frozen at run time, rows and rate limits included', () => {
    expect(Object.isFrozen(VENDORS)).toBe(true);
    expect(Object.isFrozen(VENDORS.acquia)).toBe(true);
    expect(Object.isFrozen(VENDORS.cloud66.defaultRateLimit)).toBe(true);
    expect(() => {
      (VENDORS.cloud66.defaultRateLimit as { limit: number }).limit = 1;
    }).toThrow(TypeError);
  });

  it('lets only a self-hosted vendor accept a self-signed certificate', () => {
    const cfg = { baseUrl: 'https://api.example.net', allowSelfSignedCertificates: true };
    expect(transportOptionsFor('onapp', cfg).allowSelfSignedCertificates).toBe(true);
    for (const vendor of ['acquia', 'sitefactory', 'cloud66'] as const) {
      expect(transportOptionsFor(vendor, cfg).allowSelfSignedCertificates).toBeUndefined();
    }
  });

  it('merges the vendor retry defaults under the config, and needs a base URL', () => {
    const options = transportOptionsFor(
      'acquia',
      { retry: { minDelayMs: 5 }, timeoutMs: 1234 },
      { baseUrl: 'https://cloud.acquia.com/api', retry: { retries: 8 } },
    );
    expect(options).toMatchObject({ baseUrl: 'https://cloud.acquia.com/api', retry: { retries: 8, minDelayMs: 5 } });
    expect(options.timeoutMs).toBe(1234);
    expect(() => transportOptionsFor('sitefactory', {})).toThrow(/baseUrl is required/);
  });
});
