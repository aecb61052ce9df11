import {
  type CommonSimulatorOptions,
  type SimServer,
  type SimVendorResponses,
  seededRandom,
  startSimServer,
  systemClock,
  TaskOutcomePolicy,
  type TaskTarget,
  type VendorSimulator,
} from '@omnihost/core/testing';
import type { SiteFactoryProviderConfig } from '../config.js';
import { SITE_FACTORY_DEFAULT_RATE_LIMIT } from '../constants.js';
import { BasicAuthenticator } from './auth.js';
import { DownloadSigner } from './downloads.js';
import { API_USER, SITE_BUILDER_USER, seedFleet } from './fleet.js';
import { type SiteFactoryExchange, SiteFactoryRouter } from './recording-router.js';
import { registerBackupRoutes } from './routes/backups.js';
import { registerCollectionRoutes } from './routes/collections.js';
import type { QuickTaskKind, RouteContext } from './routes/context.js';
import { registerDomainRoutes } from './routes/domains.js';
import { registerFactoryRoutes } from './routes/factory.js';
import { registerGroupRoutes } from './routes/groups.js';
import { registerSettingsRoutes } from './routes/settings.js';
import { registerSiteRoutes } from './routes/sites.js';
import { registerStatusRoutes } from './routes/status.js';
import { registerTaskRoutes } from './routes/tasks.js';
import { registerUpdateRoutes } from './routes/updates.js';
import { registerUserRoutes } from './routes/users.js';
import { type ScriptedOutcome, WipEngine } from './wip-engine.js';
import { errorResponse, htmlNotFound } from './wire.js';

/**
 * Which started tasks a scripted outcome applies to: `backup`, `deploy` or `any`.
 * @deprecated Use TaskTarget (from `@omnihost/core/testing`), the one name every simulator uses.
 * @public
 */
export type TaskKindFilter = TaskTarget;

/** Options of {@link startSiteFactorySimulator}. @public */
export interface SiteFactorySimulatorOptions extends CommonSimulatorOptions {
  /** The factory's name, used in stack names and domains. Default `demo`. */
  factoryName?: string | undefined;
  /** What `GET /api/v1/sf-info` reports. Default `2.180.0` (after 2.178: body-less POSTs are refused). */
  factoryVersion?: string | undefined;
  /** Stacks (codebases) the sites are spread over. Default 2. */
  stackCount?: number | undefined;
  /** Serve only the pre-2022 terminate path `PUT /api/v1/tasks/{id}`, as an older factory does. */
  legacyTerminateOnly?: boolean | undefined;
  /** Called with every request a route or the unknown-route page answered, and the response. */
  onExchange?: ((exchange: SiteFactoryExchange) => void) | undefined;
}

/** The provider config a Site Factory simulator hands out. @public */
export type SiteFactorySimulatorConfig = SiteFactoryProviderConfig & {
  vendor: 'sitefactory';
  baseUrl: string;
  allowInsecureHttp: true;
};

/** A running Site Factory simulator: the common handle plus Site Factory's knobs. @public */
export interface SiteFactorySimulator extends VendorSimulator<SiteFactorySimulatorConfig> {
  readonly vendor: 'sitefactory';
  /** A user without the release engineer role: code updates answer it 403 `Forbidden: ...`. */
  readonly siteBuilderConfig: SiteFactorySimulatorConfig;
  /** The next `count` tasks of `kind` end as scripted: ERROR (32), KILLED (64) or WARNING (144). */
  scriptNextTasks(count: number, kind: TaskTarget, outcome: ScriptedOutcome): void;
  /** A user's current API key (it changes when keys are regenerated through the API). */
  apiKeyOf(username: string): string | undefined;
}

/** Defaults: a dozen sites over two stacks, tasks of a second and a half. */
const DEFAULT_SITE_COUNT = 12;
const DEFAULT_TASK_DURATION_MS = 1500;

/**
 * Starts a stateful Acquia Cloud Site Factory on 127.0.0.1: HTTP Basic (user + API key); sites on stacks,
 * with domains, backups, groups and collections; code updates that run one WIP child task per site; WIP
 * tasks with string-typed rows that progress with the clock and can be failed, killed or completed with
 * warnings; the spec's page-size maxima; `{message, time, error}` error bodies, an HTML 404 for unknown
 * routes and 403 `Access denied` for bad credentials; and core's fault knobs.
 *
 * Rate limit: Site Factory publishes none (vendors/sitefactory.md §7), so the simulator enforces the same
 * assumed budget the provider's client-side limiter uses by default, {@link SITE_FACTORY_DEFAULT_RATE_LIMIT}.
 *
 * The prod factory it simulates also holds sites staged from its `test` and `dev` stages (their standard
 * domains name the stage), so one simulator serves sites of every stage; `config.environment` is `prod`.
 * @public
 */
export async function startSiteFactorySimulator(
  options: SiteFactorySimulatorOptions = {},
): Promise<SiteFactorySimulator> {
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? 1);
  const world = seedFleet({
    factoryName: options.factoryName ?? 'demo',
    factoryVersion: options.factoryVersion ?? '2.180.0',
    siteCount: options.siteCount ?? DEFAULT_SITE_COUNT,
    stackCount: options.stackCount ?? 2,
    now: clock.now(),
    random,
  });
  const engine = new WipEngine(clock, 1000 + Math.floor(random() * 9000));
  const auth = new BasicAuthenticator(world, clock);
  const downloads = new DownloadSigner(world.users.get(1)?.apiKey ?? 'storage', clock);
  const taskDurationMs = options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS;
  const quickTaskMs = Math.max(1, Math.round(taskDurationMs / 2));
  // Core's policy: scripted outcomes first, then the failure rate, drawn from the seed after the fleet's.
  const outcomes = new TaskOutcomePolicy<ScriptedOutcome, QuickTaskKind>(
    {
      defaultDurationMs: taskDurationMs,
      durationsByKind: { 'backup-delete': quickTaskMs, 'varnish-purge': quickTaskMs },
      failureRate: options.taskFailureRate,
      seed: (options.seed ?? 1) + 1,
    },
    'error',
  );
  let server: SimServer | undefined;

  const context: RouteContext = {
    world,
    engine,
    auth,
    clock,
    outcomes,
    downloads,
    recordExecution: (kind, request) => server?.recordExecution(kind, request.callId),
  };
  const router = new SiteFactoryRouter(
    () => engine.settle(),
    options.onExchange,
    () => clock.now(),
  );
  registerStatusRoutes(router, context);
  registerSiteRoutes(router, context);
  registerBackupRoutes(router, context);
  registerTaskRoutes(router, context, { legacyTerminateOnly: options.legacyTerminateOnly === true });
  registerUpdateRoutes(router, context);
  registerGroupRoutes(router, context);
  registerCollectionRoutes(router, context);
  registerDomainRoutes(router, context);
  registerFactoryRoutes(router, context, random);
  registerUserRoutes(router, context, random);
  registerSettingsRoutes(router, context);
  downloads.register(router, world);

  const responses: SimVendorResponses = {
    notFound(request) {
      const response = htmlNotFound(request);
      router.report(request, 'unmatched', response);
      return response;
    },
    throttled: () => errorResponse(429, 'Too Many Requests: slow down and retry later.', clock.now()),
    serverError: (status) =>
      errorResponse(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error', clock.now()),
  };
  server = await startSimServer({
    name: 'sitefactory',
    router,
    responses,
    authenticate: (request) => auth.authenticate(request),
    expireCredentials: (request) => auth.expire(request),
    port: options.port,
    rateLimit: options.rateLimit === undefined ? { ...SITE_FACTORY_DEFAULT_RATE_LIMIT } : options.rateLimit,
    faults: options.faults,
    latencyMs: options.latencyMs,
    clock,
  });
  downloads.setBaseUrl(server.url);

  const configFor = (username: string, apiKey: string): SiteFactorySimulatorConfig => ({
    vendor: 'sitefactory',
    baseUrl: (server as SimServer).url,
    username,
    apiKey,
    allowInsecureHttp: true,
    environment: 'prod',
  });
  const keyOf = (username: string) => world.userByName(username)?.apiKey;
  const started = server;
  return {
    vendor: 'sitefactory',
    url: started.url,
    config: configFor(API_USER, keyOf(API_USER) ?? ''),
    badCredentialsConfig: configFor(API_USER, 'f'.repeat(40)),
    siteBuilderConfig: configFor(SITE_BUILDER_USER, keyOf(SITE_BUILDER_USER) ?? ''),
    server: started,
    failNextTasks(count = 1, kind = 'any') {
      outcomes.failNext(count, kind);
    },
    scriptNextTasks(count, kind, outcome) {
      outcomes.script(count, kind, outcome);
    },
    apiKeyOf: keyOf,
    close: () => started.close(),
  };
}
