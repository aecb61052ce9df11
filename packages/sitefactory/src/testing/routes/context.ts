import type { SimClock, SimRequest, TaskGroup, TaskOutcomePolicy } from '@omnihost/core/testing';
import type { BasicAuthenticator } from '../auth.js';
import type { DownloadSigner } from '../downloads.js';
import type { ScriptedOutcome, WipEngine, WipOutcome, WipTask } from '../wip-engine.js';
import { idParam, notFound } from '../wire.js';
import type { SimSite, SimUser, SiteFactoryWorld } from '../world.js';

/**
 * Tasks that take half the simulator's task duration: removing an archive, purging Varnish. Every other task,
 * and a code update with all its site updates together, takes the whole duration.
 */
export type QuickTaskKind = 'backup-delete' | 'varnish-purge';

/** How started tasks end and how long they take: core's policy, with Site Factory's outcomes. */
export type SiteFactoryTaskOutcomes = TaskOutcomePolicy<ScriptedOutcome, QuickTaskKind>;

/** What every route handler works with. */
export interface RouteContext {
  readonly world: SiteFactoryWorld;
  readonly engine: WipEngine;
  readonly auth: BasicAuthenticator;
  readonly clock: SimClock;
  /** Outcomes (scripted, then the seeded failure rate) and durations of the tasks routes start. */
  readonly outcomes: SiteFactoryTaskOutcomes;
  readonly downloads: DownloadSigner;
  /**
   * Counts an executed mutation under the request's call id (core's `recordExecution`), so a mutation the
   * client sent twice shows up in `duplicateExecutions`.
   */
  recordExecution(kind: string, request: SimRequest): void;
}

/** The site a path names, or the factory's 404. */
export function requireSite(context: RouteContext, request: SimRequest, param = 'site_id'): SimSite {
  const id = idParam(request, param, context.clock.now());
  const site = context.world.sites.get(id);
  if (!site) return notFound(`Could not find a site with node ID ${id}.`, context.clock.now());
  return site;
}

/** The authenticated caller. */
export function callerOf(context: RouteContext, request: SimRequest): SimUser {
  return context.auth.caller(request);
}

/** `<Group> <stack name>`, the WIP `group_name` (`SiteArchive acme_01`). */
export function wipGroup(context: RouteContext, prefix: string, stackId: number): string {
  return `${prefix} ${context.world.stacks.get(stackId)?.name ?? `stack${stackId}`}`;
}

/** A top-level task started by a request: its outcome comes from the policy (scripted or random). */
export interface StartTaskInput {
  /** What `failNextTasks` and `scriptNextTasks` aim at. */
  readonly group: TaskGroup;
  readonly name: string;
  readonly groupName: string;
  readonly className: string;
  readonly nid: number;
  readonly uid: number;
  /** A task that takes half the usual time; default: the simulator's task duration. */
  readonly durationKind?: QuickTaskKind | undefined;
  /** What ERROR says, when the policy makes the task fail. */
  readonly failure: string;
  readonly onStart?: ((task: WipTask) => void) | undefined;
  readonly onSuccess?: (() => void) | undefined;
  readonly onFailure?: (() => void) | undefined;
}

/**
 * Starts a leaf task: queued for a tenth of its duration, then in process. A scripted `killed` outcome
 * kills it halfway; `warning` completes it with status 144 and the warning as `error_message`.
 */
export function startTask(context: RouteContext, input: StartTaskInput): WipTask {
  const duration = Math.max(1, context.outcomes.durationMs(input.durationKind));
  const queued = Math.round(duration * 0.1);
  const outcome = context.outcomes.next(input.group);
  const final: WipOutcome = outcome === 'error' ? 32 : outcome === 'warning' ? 144 : 16;
  return context.engine.create({
    name: input.name,
    groupName: input.groupName,
    className: input.className,
    nid: input.nid,
    uid: input.uid,
    startAfterMs: queued,
    durationMs: duration - queued,
    killAfterMs: outcome === 'killed' ? Math.max(0, Math.floor((duration - queued) / 2)) : undefined,
    outcome: final,
    message:
      final === 32
        ? `${input.name} failed: ${input.failure}`
        : final === 144
          ? `${input.name} completed with warnings: a non-critical step reported a problem`
          : undefined,
    onStart: input.onStart,
    onFinish: (ended) => (ended === 16 || ended === 144 ? input.onSuccess?.() : input.onFailure?.()),
  });
}
