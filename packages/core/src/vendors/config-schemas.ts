import { z } from 'zod';
import type { Logger } from '../util/logger.js';
import type { RateLimiter } from '../util/rate-limiter-contract.js';

/**
 * An absolute http(s) URL. A value that is there but is not one (`cp.example.net`, `http//…`, `ftp://…`) is
 * reported as invalid, never as missing: zod's `error` option replaces every message of the check, so the
 * message depends on whether there was a value at all.
 */
const httpUrl = (name: string, requiredHint = '') =>
  z.url({
    protocol: /^https?$/,
    error: (issue) =>
      issue.input === undefined
        ? `${name}${requiredHint} is required`
        : 'must be an absolute http:// or https:// URL, such as https://api.example.com',
  });

/** Transport options every vendor config accepts. @public */
export const transportOptionsShape = {
  /** Vendor API base URL (required for Site Factory and OnApp, whose hosts are per customer). */
  baseUrl: httpUrl('baseUrl').optional(),
  timeoutMs: z.number().int().positive().optional(),
  rateLimit: z
    .union([z.literal(false), z.object({ limit: z.number().int().positive(), windowMs: z.number().positive() })])
    .optional(),
  retry: z
    .object({
      retries: z.number().int().min(0).max(20).optional(),
      minDelayMs: z.number().nonnegative().optional(),
      maxDelayMs: z.number().nonnegative().optional(),
      maxTotalWaitMs: z.number().nonnegative().optional(),
    })
    .optional(),
  allowInsecureHttp: z.boolean().optional(),
  maxResponseBytes: z.number().int().positive().optional(),
  userAgent: z.string().max(200).optional(),
  logger: z
    .custom<Logger>((value) => typeof value === 'object' && value !== null, 'logger must be an object')
    .optional(),
  /**
   * A rate limiter to use instead of the process-wide one (a fleet's, shared by every worker of the account
   * through Redis). Code, like `logger`: no variable.
   */
  limiter: z
    .custom<RateLimiter>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as RateLimiter).acquire === 'function' &&
        typeof (value as RateLimiter).pauseFor === 'function',
      'limiter must have acquire() and pauseFor()',
    )
    .optional(),
};

/** A credential: required, a non-empty string. `clientSecret: 123` is invalid, not missing. */
const secret = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is required` : 'must be a string') })
    .min(1, `${name} must not be empty`);

/** A site's stage, as a config names it. */
const siteEnvironment = z.enum(['prod', 'staging', 'dev', 'other']);

/** Acquia Cloud Platform: OAuth2 client credentials (API key + secret). @public */
export const acquiaConfigSchema = z.looseObject({
  vendor: z.literal('acquia'),
  clientId: secret('clientId'),
  clientSecret: secret('clientSecret'),
  tokenUrl: httpUrl('tokenUrl').optional(),
  /** Scopes the token to an organisation (required for SSO / federated organisations). */
  organizationUuid: z.string().min(1).optional(),
  /** Refresh the token this long before it expires. Default 60 s (capped at a quarter of its lifetime). */
  tokenExpirySkewMs: z.number().int().nonnegative().optional(),
  ...transportOptionsShape,
});

/** Acquia Cloud Site Factory: the factory URL and Basic user + API key. @public */
export const siteFactoryConfigSchema = z.looseObject({
  vendor: z.literal('sitefactory'),
  ...transportOptionsShape,
  baseUrl: httpUrl('baseUrl', ' (the factory URL)'),
  username: secret('username'),
  apiKey: secret('apiKey'),
  /**
   * The stage this factory serves (each factory environment is its own host with its own users). Read from
   * the factory's data when not given: see the Site Factory package.
   */
  environment: siteEnvironment.optional(),
});

/** Cloud 66: a personal access token. @public */
export const cloud66ConfigSchema = z.looseObject({
  vendor: z.literal('cloud66'),
  token: secret('token'),
  /** Sent as `X-Account` for users who belong to several accounts. */
  accountId: z.union([z.string().min(1), z.number().int()]).optional(),
  ...transportOptionsShape,
});

/** OnApp: the control panel URL and Basic e-mail + API key (or login + password). @public */
export const onAppConfigSchema = z
  .looseObject({
    vendor: z.literal('onapp'),
    ...transportOptionsShape,
    baseUrl: httpUrl('baseUrl', ' (the control panel URL)'),
    email: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    login: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    format: z.enum(['xml', 'json']).optional(),
    /** Accept a self-signed TLS certificate (many self-hosted panels have one). */
    allowSelfSignedCertificates: z.boolean().optional(),
    /**
     * Environment of particular servers, keyed by id or identifier; wins over the naming convention. For
     * fleets whose labels do not say their stage.
     */
    siteEnvironments: z.record(z.string(), siteEnvironment).optional(),
    /** How long to look for the transaction an action created before giving up. Default 15 s. */
    transactionDiscoveryTimeoutMs: z.number().int().positive().max(600_000).optional(),
    /** Servers per page when listing sites (default 100, at most 1,000). */
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .check((ctx) => {
    const value = ctx.value;
    if (!((value.email && value.apiKey) || (value.login && value.password))) {
      ctx.issues.push({
        code: 'custom',
        input: undefined,
        path: ['email'],
        message: 'email + apiKey (or login + password) are required',
      });
    }
  });

/** Acquia config as written by a user. @public */
export type AcquiaConfig = z.input<typeof acquiaConfigSchema>;
/** Site Factory config as written by a user. @public */
export type SiteFactoryConfig = z.input<typeof siteFactoryConfigSchema>;
/** Cloud 66 config as written by a user. @public */
export type Cloud66Config = z.input<typeof cloud66ConfigSchema>;
/** OnApp config as written by a user. @public */
export type OnAppConfig = z.input<typeof onAppConfigSchema>;
