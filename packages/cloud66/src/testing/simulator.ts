import type { Cloud66Config } from '@omnihost/core';
import {
  type CommonSimulatorOptions,
  SimRouter,
  type SimServer,
  startSimServer,
  systemClock,
  TaskOutcomePolicy,
  type VendorSimulator,
} from '@omnihost/core/testing';
import { CLOUD66_DEFAULT_RATE_LIMIT, CLOUD66_SCOPES, type Cloud66Scope } from '../constants.js';
import { TokenRegistry } from './auth.js';
import { LinkSigner } from './downloads.js';
import { hexOf, stackUid } from './fleet.js';
import type { BackLinkField } from './responses.js';
import { cloud66Responses } from './responses.js';
import { accountRoutes } from './routes/accounts.js';
import { actionRoutes } from './routes/actions.js';
import { backupRoutes } from './routes/backups.js';
import { API_PREFIX, type RouteContext } from './routes/context.js';
import { deploymentRoutes } from './routes/deployments.js';
import { environmentRoutes } from './routes/environments.js';
import { serverRoutes } from './routes/servers.js';
import { stackRoutes } from './routes/stacks.js';
import { Cloud66World, type RedeployAnswer } from './world.js';

/** Stacks in the default fleet: every environment of the fleet's cycle once (production and staging among them). */
const DEFAULT_SITE_COUNT = 8;
/** How long a simulated deploy or action takes by default. */
const DEFAULT_TASK_DURATION_MS = 1500;
const DEFAULT_SEED = 66;
/** The account the default token's user belongs to; every generated stack is in it. */
const PRIMARY_ACCOUNT_ID = 4817;
/** A second account with no stacks: a token of its user sees none of the primary account's (404, cx #66). */
const OTHER_ACCOUNT_ID = 4818;

/**
 * Options of {@link startCloud66Simulator}: core's common knobs (the rate limit defaults to Cloud 66's
 * documented 3,000 calls per hour) plus Cloud 66's own.
 * @public
 */
export interface Cloud66SimulatorOptions extends CommonSimulatorOptions {
  /** Scopes of the token in `config`. Default: every scope (`public redeploy jobs users admin reboot`). */
  scopes?: readonly Cloud66Scope[] | undefined;
  /** How `POST /stacks/{uid}/deployments` answers. Default `current` (with `async_action_id` and `queued`). */
  redeployAnswer?: RedeployAnswer | undefined;
  /** Answer `GET /stacks/{uid}/actions/{id}` without the `response` envelope, as the 2023+ docs show it. */
  bareActionResponses?: boolean | undefined;
  /** Sent as `X-Cloud66-Warning` on every successful answer. */
  warning?: string | undefined;
  /**
   * The pagination block's back link: `previous` (default; every real payload) or `prev` (the newer
   * docs' Pagination model).
   */
  backLinkField?: BackLinkField | undefined;
}

/** A token to issue: its scopes and the accounts its user belongs to. @public */
export interface IssueTokenOptions {
  /** Default: every scope. */
  scopes?: readonly Cloud66Scope[] | undefined;
  /** Default: the primary account (the one holding the fleet). */
  accountIds?: readonly number[] | undefined;
}

/**
 * A running Cloud 66 simulator: the common handle plus token, account and wire-format controls.
 * @public
 */
export interface Cloud66Simulator extends VendorSimulator<Cloud66Config> {
  readonly vendor: 'cloud66';
  /** The account that holds the generated fleet. */
  readonly accountId: number;
  /** An account with no stacks of its own. */
  readonly otherAccountId: number;
  /** Registers a personal access token with these scopes and accounts, and returns it. */
  issueToken(options?: IssueTokenOptions): string;
  /** A complete provider config for a token. */
  configFor(token: string): Cloud66Config;
  /** Revokes a token: its next call gets 401. */
  revokeToken(token: string): void;
  /** Sets (or clears) the `X-Cloud66-Warning` header of successful answers. */
  setWarning(warning: string | undefined): void;
  setRedeployAnswer(answer: RedeployAnswer): void;
  setBareActionResponses(bare: boolean): void;
  /** The uid of the generated stack at `index` (0: production, 1: staging, 2: a Docker stack). */
  stackUid(index: number): string;
}

/**
 * Starts the simulator on 127.0.0.1. Real HTTP, Cloud 66's wire format: Bearer tokens with scopes (a
 * missing scope is a 403 naming it; a stack of another account is a 404), `.json` paths (optional, as on
 * the real API), `{ response: … }` envelopes, `page` paging 30 items at a time with a `pagination` block
 * (back link `previous`, or `prev` on request), 503 throttling at 3,000 calls per hour, stacks that go
 * queued → deploying → deployed while a redeploy runs, async actions that finish (or fail) after
 * `taskDurationMs`, scheduled backups with split files behind S3-style signed links, and core's faults.
 *
 * ```ts
 * const sim = await startCloud66Simulator({ taskDurationMs: 500 });
 * const provider = createCloud66Provider(sim.config);
 * ```
 * @public
 */
export async function startCloud66Simulator(options: Cloud66SimulatorOptions = {}): Promise<Cloud66Simulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? DEFAULT_SEED;
  const world = new Cloud66World({
    seed,
    siteCount: Math.max(0, Math.floor(options.siteCount ?? DEFAULT_SITE_COUNT)),
    outcomes: new TaskOutcomePolicy(
      {
        defaultDurationMs: Math.max(0, options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS),
        failureRate: options.taskFailureRate ?? 0,
        // The seed the failure draws always had, so a seed fails the same tasks as before.
        seed: seed ^ 0x5eed,
      },
      'failed',
    ),
    clock,
    epoch: clock.now(),
    primaryAccountId: PRIMARY_ACCOUNT_ID,
  });
  world.redeployAnswer = options.redeployAnswer ?? 'current';
  world.bareActionResponses = options.bareActionResponses ?? false;
  world.warning = options.warning;
  world.backLinkField = options.backLinkField ?? 'previous';

  const tokens = new TokenRegistry();
  let issued = 0;
  const issueToken = (issue: IssueTokenOptions = {}): string => {
    issued += 1;
    // Personal access tokens are 64 hex characters (Cloud 66's v3 launch post).
    const token = hexOf(8, seed, 0x70a7, issued);
    tokens.add(token, {
      scopes: new Set(issue.scopes ?? CLOUD66_SCOPES),
      accountIds: issue.accountIds ?? [PRIMARY_ACCOUNT_ID],
    });
    return token;
  };

  let origin = '';
  const context: RouteContext = {
    world,
    tokens,
    signer: new LinkSigner(hexOf(4, seed, 0x51), clock),
    origin: () => origin,
  };
  const router = new SimRouter();
  for (const register of [
    accountRoutes,
    stackRoutes,
    actionRoutes,
    deploymentRoutes,
    backupRoutes,
    serverRoutes,
    environmentRoutes,
  ]) {
    register(router, context);
  }

  const rateLimit = options.rateLimit === undefined ? { ...CLOUD66_DEFAULT_RATE_LIMIT } : options.rateLimit;
  const server: SimServer = await startSimServer({
    name: 'cloud66',
    router,
    responses: cloud66Responses(rateLimit ? rateLimit.limit : CLOUD66_DEFAULT_RATE_LIMIT.limit),
    authenticate: (request) => tokens.authenticate(request),
    expireCredentials: (request) => tokens.expire(request),
    port: options.port,
    rateLimit,
    faults: options.faults,
    latencyMs: options.latencyMs,
    clock,
    // Cloud 66 is a Rails app behind nginx, which squeeze `//` before routing: the Go library behind `cx`
    // asks for `…/files//tar.json` (backups.go, GetBackupSegment) and is answered (issue 14).
    normalizePaths: true,
  });
  origin = server.url;
  world.recordExecution = (kind, key) => server.recordExecution(kind, key);

  const configFor = (token: string): Cloud66Config => ({
    vendor: 'cloud66',
    token,
    baseUrl: `${server.url}${API_PREFIX}`,
    allowInsecureHttp: true,
  });
  const token = issueToken({ scopes: options.scopes });

  return {
    vendor: 'cloud66',
    url: server.url,
    config: configFor(token),
    // Well-formed (64 hex) but never issued.
    badCredentialsConfig: configFor(hexOf(8, seed, 0xbad)),
    server,
    accountId: PRIMARY_ACCOUNT_ID,
    otherAccountId: OTHER_ACCOUNT_ID,
    failNextTasks: (count = 1, kind = 'any') => world.settings.outcomes.failNext(count, kind),
    issueToken,
    configFor,
    revokeToken: (revoked) => tokens.revoke(revoked),
    setWarning: (warning) => {
      world.warning = warning;
    },
    setRedeployAnswer: (answer) => {
      world.redeployAnswer = answer;
    },
    setBareActionResponses: (bare) => {
      world.bareActionResponses = bare;
    },
    stackUid: (index) => stackUid(seed, index),
    close: () => server.close(),
  };
}
