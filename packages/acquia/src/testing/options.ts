import type { CommonSimulatorOptions } from '@omnihost/core/testing';
import type { SimTaskKind } from './notifications.js';

/**
 * Options of `startAcquiaSimulator`: the common knobs every omnihost simulator takes, plus Acquia's.
 * @public
 */
export interface AcquiaSimulatorOptions extends CommonSimulatorOptions {
  /** The API key the simulator accepts (default `sim-acquia-key`). */
  clientId?: string | undefined;
  /** The API secret the simulator accepts (default `sim-acquia-secret`). */
  clientSecret?: string | undefined;
  /** Token lifetime in seconds. Default 300, Acquia's documented lifetime (vendor notes §2). */
  tokenLifetimeSeconds?: number | undefined;
  /**
   * Environments per application. Default: 4 (dev, test, prod and one on-demand environment) for
   * fleets of up to 200 sites; larger fleets are spread over at most 50 applications, so walking every
   * site stays within a minute of Acquia's 100 calls/minute (there is no account-wide environment list).
   */
  environmentsPerApplication?: number | undefined;
  /** Per-kind task durations (ms), overriding `taskDurationMs`. */
  taskDurations?: Partial<Record<SimTaskKind, number>> | undefined;
  /**
   * Base of the absolute links in responses (HAL `_links.*.href`). Default: the simulator's own API base
   * (`<url>/api`), so links name the server that sent them, as Acquia's name `https://cloud.acquia.com/api`,
   * and a client that follows `_links.self.href` (some do) never leaves the machine (issue 14). Set
   * `https://cloud.acquia.com/api` to send the real host's links, or any base to check that a client
   * never follows them.
   */
  linkBaseUrl?: string | undefined;
  /**
   * The organisation uses federated authentication (SSO): API calls fail with
   * `additional_authentication_required` unless the token was requested with
   * `scope=organization:<uuid>` (acquia/cli#1582). The simulator's `config` then carries `organizationUuid`.
   */
  federatedAuthentication?: boolean | undefined;
  /** Refuse code switches to refs the repository does not have (default: any well-formed ref is accepted as pushed). */
  strictRefs?: boolean | undefined;
}

/** The options with every default filled in. @internal */
export interface ResolvedSimOptions {
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
  siteCount: number;
  environmentsPerApplication: number;
  taskDurationMs: number;
  taskDurations: Partial<Record<SimTaskKind, number>>;
  taskFailureRate: number;
  seed: number;
  /** Undefined: the simulator's own API base, known once it listens. */
  linkBaseUrl: string | undefined;
  federatedAuthentication: boolean;
  strictRefs: boolean;
}

/** Sites of the default fleet: three applications of dev, test, prod and one on-demand environment. */
const DEFAULT_SITE_COUNT = 12;
const DEFAULT_TASK_DURATION_MS = 1500;
const MAX_DEFAULT_APPLICATIONS = 50;

/** Fills in defaults and rejects nonsense early, with a message naming the option. @internal */
export function resolveSimOptions(options: AcquiaSimulatorOptions): ResolvedSimOptions {
  const siteCount = options.siteCount ?? DEFAULT_SITE_COUNT;
  if (!Number.isInteger(siteCount) || siteCount < 1) throw new RangeError('siteCount must be a positive integer');
  const environmentsPerApplication =
    options.environmentsPerApplication ??
    (siteCount <= 200 ? 4 : Math.max(4, Math.ceil(siteCount / MAX_DEFAULT_APPLICATIONS)));
  if (!Number.isInteger(environmentsPerApplication) || environmentsPerApplication < 1) {
    throw new RangeError('environmentsPerApplication must be a positive integer');
  }
  const taskFailureRate = options.taskFailureRate ?? 0;
  if (!(taskFailureRate >= 0 && taskFailureRate <= 1)) throw new RangeError('taskFailureRate must be within 0..1');
  return {
    clientId: options.clientId ?? 'sim-acquia-key',
    clientSecret: options.clientSecret ?? 'sim-acquia-secret',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    siteCount,
    environmentsPerApplication,
    taskDurationMs: Math.max(1, options.taskDurationMs ?? DEFAULT_TASK_DURATION_MS),
    taskDurations: options.taskDurations ?? {},
    taskFailureRate,
    seed: options.seed ?? 1,
    linkBaseUrl: options.linkBaseUrl?.replace(/\/+$/, ''),
    federatedAuthentication: options.federatedAuthentication ?? false,
    strictRefs: options.strictRefs ?? false,
  };
}
