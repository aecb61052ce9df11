import { z } from 'zod';
import type { Logger } from '../util/logger.js';

/** Transport options every vendor config accepts. @public */
export const transportOptionsShape = {
  /** Vendor API base URL (required for Site Factory and OnApp, whose hosts are per customer). */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
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
};

const secret = (name: string) => z.string({ error: `${name} is required` }).min(1, `${name} must not be empty`);

/** Acquia Cloud Platform: OAuth2 client credentials (API key + secret). @public */
export const acquiaConfigSchema = z.looseObject({
  vendor: z.literal('acquia'),
  clientId: secret('clientId'),
  clientSecret: secret('clientSecret'),
  tokenUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Scopes the token to an organisation (required for SSO / federated organisations). */
  organizationUuid: z.string().min(1).optional(),
  ...transportOptionsShape,
});

/** Acquia Cloud Site Factory: the factory URL and Basic user + API key. @public */
export const siteFactoryConfigSchema = z.looseObject({
  vendor: z.literal('sitefactory'),
  ...transportOptionsShape,
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl (the factory URL) is required' }),
  username: secret('username'),
  apiKey: secret('apiKey'),
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
    baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl (the control panel URL) is required' }),
    email: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    login: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    format: z.enum(['xml', 'json']).optional(),
    /** Accept a self-signed TLS certificate (many self-hosted panels have one). */
    allowSelfSignedCertificates: z.boolean().optional(),
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
