import type { OnAppConfig } from '@omnihost/core';
import {
  type CommonSimulatorOptions,
  type SimRequest,
  SimRouter,
  type SimServer,
  startSimServer,
  systemClock,
  type VendorSimulator,
} from '@omnihost/core/testing';
import type { OnAppFormat } from '../codec/onapp-codecs.js';
import { seedFleet } from './fleet.js';
import type { SimTransaction } from './records.js';
import { basicAuthChallenge, htmlNotFound, htmlServerError, htmlThrottled } from './responses.js';
import { backupRoutes } from './routes/backups.js';
import { catalogRoutes, SIMULATED_ONAPP_VERSIONS } from './routes/catalog.js';
import type { RouteContext, ServerListPaging } from './routes/context.js';
import { serverRoutes } from './routes/servers.js';
import type { XmlStyle } from './wire.js';
import { World } from './world.js';

/** Options of {@link startOnAppSimulator}: the common knobs plus OnApp's. @public */
export interface OnAppSimulatorOptions extends CommonSimulatorOptions {
  /** Format of the returned `config` (the panel answers both, by path suffix). Default `xml`, the adapter's. */
  format?: OnAppFormat | undefined;
  /** How the panel writes XML (see {@link XmlStyle}). Default `current`. */
  xmlStyle?: XmlStyle | undefined;
  /** How the server list treats `page`/`per_page` (see {@link ServerListPaging}). Default `paged`. */
  serverListPaging?: ServerListPaging | undefined;
  /**
   * Labels of release images (templates named by the git ref they were built from) seeded besides the OS
   * templates, so a deploy by ref has something to rebuild from. Default: `main`, `tags/2.3.0`,
   * `tags/2.4.0`, `tags/broken` (the refs the cross-vendor suites and the demo deploy).
   */
  releaseTemplates?: readonly string[] | undefined;
  /** The API user's e-mail (Basic user name). Default `ops@example.net`. */
  email?: string | undefined;
  /** The API user's key (Basic password). Default: drawn from the seed. */
  apiKey?: string | undefined;
  /** The same user's login, accepted with `password` instead of e-mail + key. Default `admin`. */
  login?: string | undefined;
  /** The user's password. Default: drawn from the seed. */
  password?: string | undefined;
}

/** What the simulator's config looks like: a complete OnApp provider config. @public */
export type OnAppSimulatorConfig = OnAppConfig & { readonly vendor: 'onapp'; readonly baseUrl: string };

/** A running OnApp simulator, with inspection for tests. @public */
export interface OnAppSimulator extends VendorSimulator<OnAppSimulatorConfig> {
  /** The same panel's config in the other format (the panel speaks both). */
  configFor(format: OnAppFormat): OnAppSimulatorConfig;
  /** What the panel reports at `GET /version` (by `xmlStyle`: a `legacy` panel is a 2.x one). */
  readonly version: string;
  /** The login + password the panel also accepts ("HTTP Basic: username/password", the API guide). */
  readonly loginCredentials: { readonly login: string; readonly password: string };
  /** A transaction as the simulator holds it (with the call id that queued it), or undefined. */
  transaction(id: number | string): SimTransaction | undefined;
  /** The highest transaction id so far (a mark for tests: nothing above it existed before). */
  lastTransactionId(): number;
  /** The ids of every server, in creation order. */
  serverIds(): number[];
}

/** Default task duration: "a second or two" (core's CommonSimulatorOptions). */
const DEFAULT_TASK_DURATION_MS = 1500;
const DEFAULT_SITE_COUNT = 6;
const DEFAULT_RELEASES = ['main', 'tags/2.3.0', 'tags/2.4.0', 'tags/broken'];

/**
 * Starts a simulated OnApp control panel on 127.0.0.1: real HTTP speaking Rails-style XML and JSON by
 * `.xml`/`.json` suffix, HTTP Basic with e-mail + API key (or login + password), servers, disks, both
 * kinds of backup, templates and a transaction queue that runs each server's transactions in order, can
 * fail (`taskFailureRate`, {@link OnAppSimulator.failNextTasks}) and writes `log_output`; "201 Scheduled"
 * with the object and no transaction id; 204 with no body; errors in the panel's three shapes; HTML 500s;
 * and core's fault knobs.
 *
 * Rate limit: none by default. OnApp publishes no API limit (vendors/onapp.md: none in the API guide or
 * any wrapper); a self-hosted panel is limited only by what its operator puts in front of it. The adapter
 * likewise sets no client-side limit by default; `rateLimit` enables one here to rehearse a proxy's.
 *
 * `auth-expiry` faults change nothing: Basic credentials have no token to expire.
 * @public
 */
export async function startOnAppSimulator(options: OnAppSimulatorOptions = {}): Promise<OnAppSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const world = new World({
    clock,
    seed,
    taskDurationMs: options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS,
    taskFailureRate: options.taskFailureRate ?? 0,
    userId: 45,
  });
  const email = options.email ?? 'ops@example.net';
  // Drawn whether or not given, so the seeded fleet is the same either way.
  const drawnKey = apiKeyFrom(world);
  const drawnPassword = apiKeyFrom(world).slice(0, 16);
  const apiKey = options.apiKey ?? drawnKey;
  const login = options.login ?? 'admin';
  const password = options.password ?? drawnPassword;
  seedFleet(world, {
    siteCount: options.siteCount ?? DEFAULT_SITE_COUNT,
    releaseTemplates: options.releaseTemplates ?? DEFAULT_RELEASES,
  });

  let server: SimServer | undefined;
  const context: RouteContext = {
    world,
    style: options.xmlStyle ?? 'current',
    serverListPaging: options.serverListPaging ?? 'paged',
    recordExecution: (kind, callId) => server?.recordExecution(kind, callId),
  };
  const router = new SimRouter();
  serverRoutes(router, context);
  backupRoutes(router, context);
  catalogRoutes(router, context);

  // "To authenticate using API key, put your account email as a login and the key … as a password";
  // a login + password works too (docs.onapp.com API guide, Authentication).
  const accepted = new Set(
    [`${email}:${apiKey}`, `${login}:${password}`].map((pair) => `Basic ${Buffer.from(pair).toString('base64')}`),
  );
  server = await startSimServer({
    name: 'onapp',
    router,
    port: options.port,
    clock,
    latencyMs: options.latencyMs,
    faults: options.faults,
    rateLimit: options.rateLimit ?? false,
    // A panel is a Rails app behind nginx, which squeeze `//` before routing: the PHP wrapper asks for
    // `//version.json` when the panel URL ends in `/` (sprintf('%s/%s.%s')) and is answered (issue 14).
    normalizePaths: true,
    responses: {
      notFound: () => htmlNotFound(),
      throttled: () => htmlThrottled(),
      serverError: (status) => htmlServerError(status),
    },
    authenticate: (request: SimRequest) => {
      const header = request.headers.authorization;
      if (header === undefined || !accepted.has(header)) return basicAuthChallenge();
      request.credential = email;
      return undefined;
    },
  });
  const running = server;
  const configFor = (format: OnAppFormat): OnAppSimulatorConfig => ({
    vendor: 'onapp',
    baseUrl: running.url,
    email,
    apiKey,
    format,
    allowInsecureHttp: true,
  });
  const config = configFor(options.format ?? 'xml');
  return {
    vendor: 'onapp',
    url: running.url,
    config,
    badCredentialsConfig: { ...config, apiKey: `${apiKey}-revoked` },
    server: running,
    configFor,
    version: SIMULATED_ONAPP_VERSIONS[context.style],
    loginCredentials: { login, password },
    failNextTasks(count = 1, kind = 'any') {
      world.failNextOperations(count, kind);
    },
    transaction: (id) => world.transaction(Number(id)),
    lastTransactionId: () => world.transactions.at(-1)?.id ?? 0,
    serverIds: () => [...world.servers.keys()],
    close: () => running.close(),
  };
}

/** A 40-hex-digit API key, as the panel generates them, drawn from the seed. */
function apiKeyFrom(world: World): string {
  let key = '';
  for (let index = 0; index < 40; index += 1) key += Math.floor(world.random() * 16).toString(16);
  return key;
}
