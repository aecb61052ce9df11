import type { AcquiaConfig } from '@omnihost/core';
import {
  type ScriptedFault,
  type SimRequest,
  SimRouter,
  type SimServer,
  seededRandom,
  startSimServer,
  systemClock,
  TaskOutcomePolicy,
  type TaskTarget,
  type VendorSimulator,
} from '@omnihost/core/testing';
import { ACQUIA_RATE_LIMIT } from '../constants.js';
import { SimFleet } from './fleet.js';
import { NotificationStore, type SimTaskKind } from './notifications.js';
import { type AcquiaSimulatorOptions, resolveSimOptions } from './options.js';
import { notFound, serverError, throttled } from './responses.js';
import { accountRoutes } from './routes/account.js';
import { applicationRoutes } from './routes/applications.js';
import { databaseRoutes } from './routes/databases.js';
import { environmentRoutes } from './routes/environments.js';
import { notificationRoutes } from './routes/notifications.js';
import { withRequestId } from './routes/route.js';
import { TokenStore } from './tokens.js';
import { Hrefs, Payloads } from './wire.js';
import { type DownloadGrant, SimState, type SimWorld } from './world.js';

/** Where the simulated API lives under the server's origin (Acquia's is `https://cloud.acquia.com/api`). */
const API_BASE_PATH = '/api';
/** The simulated accounts server's token path (Acquia's is `https://accounts.acquia.com/api/auth/oauth/token`). */
const TOKEN_PATH = '/api/auth/oauth/token';
/** Paths that take no bearer token: the token endpoint itself and the pre-signed download links. */
const UNAUTHENTICATED = new Set([TOKEN_PATH, '/AH_DOWNLOAD']);

/** Restricts a fault to the API when it does not say which requests it targets. */
function apiOnly<F extends { match?: ((request: { method: string; path: string }) => boolean) | undefined }>(
  fault: F | undefined,
): F | undefined {
  if (!fault || fault.match) return fault;
  return { ...fault, match: (request: { method: string; path: string }) => !UNAUTHENTICATED.has(request.path) };
}

/**
 * A running Acquia simulator: the contract's handle plus Acquia's own knobs.
 * @public
 */
export interface AcquiaSimulator extends VendorSimulator<AcquiaConfig> {
  readonly vendor: 'acquia';
  /** Token endpoint (`<url>/api/auth/oauth/token`). */
  readonly tokenUrl: string;
  /** API base URL (`<url>/api`). */
  readonly baseUrl: string;
  /** The organisation every generated application belongs to. */
  readonly organizationUuid: string;
  /** Expires every token issued so far: the next API call answers 403 `unauthorized` ("The access token has expired."). */
  expireTokens(): void;
  /** Tokens the simulated accounts server has issued. */
  tokensIssued(): number;
}

/**
 * Starts a stateful simulator of Acquia Cloud Platform API v2 on 127.0.0.1: an OAuth2 token endpoint
 * whose tokens expire, applications → environments → databases → backups, code switches and promotions,
 * database and file copies, notifications that progress with the clock and can be made to fail, HAL
 * envelopes with absolute links (to the simulator itself, or `linkBaseUrl`), limit/offset/sort/filter on
 * the lists, the spec's error bodies, Acquia's 100 calls/minute limit per API key with 429 +
 * `Retry-After`, and core's fault knobs.
 *
 * ```ts
 * const sim = await startAcquiaSimulator({ taskDurationMs: 500 });
 * const acquia = createAcquiaProvider(sim.config);
 * ```
 * @public
 */
export async function startAcquiaSimulator(options: AcquiaSimulatorOptions = {}): Promise<AcquiaSimulator> {
  const resolved = resolveSimOptions(options);
  const clock = options.clock ?? systemClock;
  const random = seededRandom(resolved.seed);
  const startedAt = clock.now();
  const fleet = new SimFleet({
    seed: resolved.seed,
    siteCount: resolved.siteCount,
    environmentsPerApplication: resolved.environmentsPerApplication,
  });
  const state = new SimState(fleet, startedAt);
  let server: SimServer | undefined;
  // Links name the server that sent them (its own API base) unless `linkBaseUrl` says otherwise.
  const hrefs = new Hrefs(() => resolved.linkBaseUrl ?? `${server?.url ?? ''}${API_BASE_PATH}`);
  // Core's one policy: `failNextTasks` outcomes first, in order, then the seeded failure rate.
  const outcomes = new TaskOutcomePolicy<'failed', SimTaskKind>(
    {
      defaultDurationMs: resolved.taskDurationMs,
      durationsByKind: resolved.taskDurations,
      failureRate: resolved.taskFailureRate,
      // Its own stream, so whether a task fails does not depend on how many ids were generated before it.
      seed: resolved.seed ^ 0x5eed,
    },
    'failed',
  );
  const notifications = new NotificationStore(clock, outcomes, random, hrefs);
  const tokens = new TokenStore(
    {
      clientId: resolved.clientId,
      clientSecret: resolved.clientSecret,
      lifetimeSeconds: resolved.tokenLifetimeSeconds,
      federatedOrganizationUuid: resolved.federatedAuthentication ? fleet.organizationUuid : undefined,
    },
    clock,
    random,
  );

  const world: SimWorld = {
    options: resolved,
    fleet,
    state,
    payloads: new Payloads(fleet, state, hrefs),
    notifications,
    hrefs,
    clock,
    random,
    downloads: new Map<string, DownloadGrant>(),
    origin: () => server?.url ?? '',
    recordExecution: (kind, callId) => server?.recordExecution(kind, callId),
  };

  const router = new SimRouter();
  router.post(TOKEN_PATH, (request) => withRequestId(tokens.handleTokenRequest(request)));
  accountRoutes(router, world, startedAt);
  applicationRoutes(router, world);
  environmentRoutes(router, world);
  databaseRoutes(router, world);
  notificationRoutes(router, world);

  server = await startSimServer({
    name: 'acquia',
    router,
    responses: {
      notFound: () => withRequestId(notFound('resource')),
      throttled: (retryAfterSeconds) => withRequestId(throttled(retryAfterSeconds)),
      serverError: (status) => withRequestId(serverError(status)),
    },
    authenticate: (request: SimRequest) => {
      if (UNAUTHENTICATED.has(request.path)) return undefined;
      const denied = tokens.authenticate(request);
      return denied ? withRequestId(denied) : undefined;
    },
    expireCredentials: (request) => tokens.expire(request),
    // An account's budget, not a token's: every token of the API key spends the same 100 calls a minute,
    // so a script that fetches a new token per run (each CLI process does) is throttled like one client.
    rateLimitKey: (request) => tokens.accountOf(request) ?? String(request.headers.authorization ?? 'anonymous'),
    port: options.port,
    // Acquia's published limit: 100 calls per minute, 429 + Retry-After in seconds (seed 001).
    rateLimit: options.rateLimit ?? { ...ACQUIA_RATE_LIMIT },
    faults: apiOnly(options.faults),
    latencyMs: options.latencyMs,
    clock,
  });
  // Faults model cloud.acquia.com. The token endpoint is another service (accounts.acquia.com) with its
  // own limits, so faults without a `match` of their own leave it alone, however they are set.
  const running: SimServer = {
    ...server,
    inject: (fault) => server?.inject(apiOnly(fault) as ScriptedFault),
    setRandomFaults: (random) => server?.setRandomFaults(apiOnly(random)),
  };
  const url = running.url;
  const config: AcquiaConfig = {
    vendor: 'acquia',
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    baseUrl: `${url}${API_BASE_PATH}`,
    tokenUrl: `${url}${TOKEN_PATH}`,
    allowInsecureHttp: true,
    ...(resolved.federatedAuthentication ? { organizationUuid: fleet.organizationUuid } : {}),
  };

  return {
    vendor: 'acquia',
    url,
    baseUrl: config.baseUrl as string,
    tokenUrl: config.tokenUrl as string,
    organizationUuid: fleet.organizationUuid,
    config,
    badCredentialsConfig: { ...config, clientSecret: `${resolved.clientSecret}-wrong` },
    server: running,
    failNextTasks(count = 1, kind: TaskTarget = 'any') {
      outcomes.failNext(count, kind);
    },
    expireTokens: () => tokens.expireAll(),
    tokensIssued: () => tokens.issued,
    close: () => running.close(),
  };
}
