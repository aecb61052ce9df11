import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import type { WipOutcome, WipTask } from '../wip-engine.js';
import {
  badRequest,
  fail,
  jsonBody,
  notFound,
  ok,
  optionalBool,
  optionalInt,
  optionalString,
  phpTime,
  unixSeconds,
} from '../wire.js';
import { RELEASE_ENGINEER, type SimUpdate } from '../world.js';
import { callerOf, type RouteContext, wipGroup } from './context.js';
import { updateRunning } from './status.js';

/** The `sites_type` values a factory accepts: exactly these, comma and space (vendors/sitefactory.md §3.2). */
const SITES_TYPES = ['code', 'code, db', 'code, db, registry'];
/** `db_update_arguments`: space-separated alphanumerics only. */
const DB_UPDATE_ARGUMENTS = /^[a-zA-Z0-9 ]+$/;
/** Keys of the v1 body that `POST /api/v2/update` refuses (vendors/sitefactory.md §3.4). */
const V1_KEYS = ['scope', 'sites_ref', 'factory_ref', 'sites_type', 'factory_type', 'db_update_arguments'];

/**
 * Code updates ("deploys"): `POST /api/v1/update` (one stack) and `POST /api/v2/update` (several), then
 * follow, pause, reschedule or terminate. An update is an updater WIP task with one child task per site of
 * its stacks, run one after another (vendors/sitefactory.md §3.5: sites are updated consecutively); the
 * updater WAITS (8) on them and ends with their combined status. A failed site update stops the update:
 * the sites not reached yet are killed, and the updater ends in ERROR.
 */
export function registerUpdateRoutes(router: SimRouter, context: RouteContext): void {
  const { world, engine, clock } = context;

  router.post('/api/v1/update', (request) => {
    const now = clock.now();
    requireReleaseEngineer(request);
    const body = jsonBody(request, now);
    const scope = optionalString(body, 'scope', now) ?? 'sites';
    if (!['sites', 'factory', 'both'].includes(scope)) return badRequest('scope must be sites, factory or both.', now);
    if (scope !== 'sites') return fail(403, 'Forbidden: Factory updates are restricted to Acquia.', now);
    const ref = optionalString(body, 'sites_ref', now);
    if (!ref?.trim()) return badRequest('Missing required parameter sites_ref.', now);
    const type = readType(optionalString(body, 'sites_type', now), now);
    const stackId = optionalInt(body.stack_id, 'stack_id', now) ?? 1;
    if (!world.stacks.has(stackId)) return badRequest(`Stack ${stackId} does not exist.`, now);
    readDbUpdateArguments(optionalString(body, 'db_update_arguments', now), now);
    const failAction = optionalString(body, 'site_update_fail_action', now);
    if (failAction !== undefined && failAction !== 'online' && failAction !== 'offline') {
      return badRequest('site_update_fail_action must be online or offline.', now);
    }
    const delayMs = readStartTime(optionalString(body, 'start_time', now), now);
    const task = startUpdate(request, new Map([[stackId, ref.trim()]]), type, delayMs);
    return ok({ message: 'Update initiated.', task_id: task.id });
  });

  router.post('/api/v2/update', (request) => {
    const now = clock.now();
    requireReleaseEngineer(request);
    const body = jsonBody(request, now);
    const mixed = V1_KEYS.filter((key) => key in body);
    if (mixed.length > 0) return badRequest(`v1 parameters are not accepted here: ${mixed.join(', ')}.`, now);
    if (body.factory !== undefined) return fail(403, 'Forbidden: Factory updates are restricted to Acquia.', now);
    if (!Array.isArray(body.sites) || body.sites.length === 0) {
      return badRequest('Provide sites: a list of {name, ref, type}.', now);
    }
    const stackRefs = new Map<number, string>();
    let type = 'code';
    for (const entry of body.sites as unknown[]) {
      const item = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
      const name = optionalString(item, 'name', now);
      const ref = optionalString(item, 'ref', now);
      const stack = [...world.stacks.values()].find((candidate) => candidate.name === name);
      if (!stack) return badRequest(`Unknown stack ${String(name)}.`, now);
      if (!ref?.trim()) return badRequest(`Missing ref for stack ${stack.name}.`, now);
      type = readType(optionalString(item, 'type', now) ?? 'code', now);
      readDbUpdateArguments(optionalString(item, 'db_update_arguments', now), now);
      stackRefs.set(stack.id, ref.trim());
    }
    const task = startUpdate(request, stackRefs, type, 0);
    return ok({ message: 'Update initiated.', task_id: task.id });
  });

  router.get('/api/v1/update', () => {
    const list: Record<string, { added: string; status: string }> = {};
    for (const update of world.updates.values()) {
      const task = engine.get(update.id);
      if (task)
        list[String(update.id)] = { added: String(unixSeconds(task.addedWall)), status: String(engine.status(task)) };
    }
    return ok(list);
  });

  router.get('/api/v1/update/:update_id/status', (request) => {
    const now = clock.now();
    const update = findUpdate(request.params.update_id ?? '', now);
    return ok(updateStatus(update));
  });

  router.post('/api/v1/update/pause', (request) => {
    const now = clock.now();
    requireReleaseEngineer(request);
    const body = jsonBody(request, now);
    const pause = optionalBool(body, 'pause', now);
    if (pause === undefined) return badRequest('Missing required parameter pause.', now);
    const running = runningUpdaters();
    if (running.length === 0) return badRequest('There is no site update in progress.', now);
    context.recordExecution('update.pause', request);
    for (const task of running) engine.pauseTask(task, pause, true);
    return ok({ message: `Site update processing has been ${pause ? 'paused' : 'resumed'}.` });
  });

  router.post('/api/v1/update/change_time', (request) => {
    const now = clock.now();
    requireReleaseEngineer(request);
    const body = jsonBody(request, now);
    const updaterId = optionalInt(body.updater_id, 'updater_id', now);
    const when = optionalString(body, 'new_update_time', now);
    if (updaterId === undefined || !when) return badRequest('updater_id and new_update_time are required.', now);
    const update = findUpdate(String(updaterId), now);
    const updater = engine.get(update.id);
    const delayMs = readStartTime(when, now);
    if (!updater) return notFound(`Update ${update.id} not found.`, now);
    const shift = engine.elapsed(updater) + delayMs - updater.startAt;
    if (!engine.reschedule(updater, updater.startAt + shift)) {
      return badRequest(`Update ${update.id} has already started.`, now);
    }
    for (const child of engine.childrenOf(updater)) engine.reschedule(child, child.startAt + shift);
    context.recordExecution('update.change-time', request);
    return ok({ success: 1, message: 'The updater start time has been changed.' });
  });

  router.delete('/api/v1/update/:update_id', (request) => {
    const now = clock.now();
    requireReleaseEngineer(request);
    const update = findUpdate(request.params.update_id ?? '', now);
    const updater = engine.get(update.id);
    if (!updater || !engine.kill(updater, 'The update was terminated.')) {
      return badRequest(`Update ${update.id} has already ended.`, now);
    }
    context.recordExecution('update.terminate', request);
    return ok({ message: `Initiated termination of task ${update.id}.` });
  });

  function requireReleaseEngineer(request: SimRequest): void {
    const caller = callerOf(context, request);
    if (!Object.values(caller.roles).includes(RELEASE_ENGINEER)) {
      fail(403, 'Forbidden: Code updates need the release engineer role.', clock.now());
    }
  }

  function runningUpdaters(): WipTask[] {
    return [...world.updates.values()]
      .map((update) => engine.get(update.id))
      .filter((task): task is WipTask => task !== undefined && engine.status(task) < 16);
  }

  function findUpdate(idText: string, now: number): SimUpdate {
    if (idText === 'last') {
      const last = [...world.updates.values()].pop();
      if (!last) return notFound('There has been no update yet.', now);
      return last;
    }
    if (!/^\d{1,15}$/.test(idText)) return badRequest('update_id must be an integer or "last".', now);
    const update = world.updates.get(Number(idText));
    if (!update) return notFound(`Update ${idText} not found.`, now);
    return update;
  }

  function startUpdate(request: SimRequest, stackRefs: Map<number, string>, type: string, delayMs: number): WipTask {
    const now = clock.now();
    if (updateRunning(context)) return badRequest('A code update is already in progress.', now);
    context.recordExecution('update.start', request);
    const uid = callerOf(context, request).uid;
    // Sites named in the update priority go first, in that order; the rest follow by node id (§3.5).
    const rank = (id: number) => {
      const index = world.updatePriority.indexOf(id);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    const sites = world
      .liveSites()
      .filter((site) => stackRefs.has(site.stackId))
      .sort((a, b) => rank(a.id) - rank(b.id) || a.id - b.id);
    const duration = Math.max(1, context.outcomes.durationMs());
    const prepare = Math.round(duration * 0.1);
    const perSite = sites.length > 0 ? (duration - prepare) / sites.length : duration - prepare;
    const scripted = context.outcomes.next('deploy');
    const troubled = Math.floor(sites.length / 2);
    const [firstStack] = stackRefs.keys();
    const refs = [...stackRefs.values()];
    const updater = engine.create({
      name: `Update sites to ${refs.join(', ')}`,
      groupName: wipGroup(context, 'Update', firstStack ?? 1),
      className: 'Acquia\\SfUpdate\\Updater',
      nid: 0,
      uid,
      startAfterMs: delayMs,
      durationMs: duration - prepare,
      waitingAfterMs: prepare,
      outcome: scripted === 'error' ? 32 : scripted === 'warning' ? 144 : 16,
      message: scripted === 'error' ? 'The updater failed before updating any site.' : undefined,
      killAfterMs: scripted === 'killed' ? prepare + Math.floor((duration - prepare) / 2) : undefined,
      decide: (children) => combined(children),
      onFinish: (outcome) => {
        if (outcome !== 16 && outcome !== 144) return;
        for (const [stackId, ref] of stackRefs) {
          const stack = world.stacks.get(stackId);
          if (!stack) continue;
          stack.current = ref;
          if (!stack.refs.includes(ref)) stack.refs.push(ref);
        }
      },
    });
    const children = sites.map((site, index) => {
      const failing = index === troubled && (scripted === 'error' || scripted === 'warning');
      const outcome: WipOutcome = failing ? (scripted === 'error' ? 32 : 144) : 16;
      return engine.create({
        name: `Update site ${site.name}`,
        groupName: wipGroup(context, 'SiteUpdate', site.stackId),
        className: 'Acquia\\SfSite\\SiteUpdate',
        nid: site.id,
        uid,
        parent: updater.id,
        startAfterMs: delayMs + prepare + Math.round(index * perSite),
        durationMs: Math.max(1, Math.round(perSite)),
        outcome,
        message:
          outcome === 32
            ? `The db-update hook exited with status 1 on ${site.name}.`
            : outcome === 144
              ? `The db-update hook reported warnings on ${site.name}.`
              : undefined,
        onFinish: (ended, task) => {
          if (ended !== 32) return;
          // A failing db-update hook stops the update: the sites not reached yet are not updated.
          for (const sibling of engine.childrenOf(updater)) {
            if (sibling.id > task.id)
              engine.stop(sibling, `Not updated: the update stopped after ${site.name} failed.`);
          }
        },
      });
    });
    world.updates.set(updater.id, {
      id: updater.id,
      stackRefs,
      type,
      childTaskIds: children.map((child) => child.id),
    });
    return updater;
  }

  function updateStatus(update: SimUpdate) {
    const updater = engine.get(update.id);
    const children = update.childTaskIds
      .map((id) => engine.get(id))
      .filter((task): task is WipTask => task !== undefined);
    const counts = { 'not-started': 0, 'in-progress': 0, completed: 0, warning: 0, error: 0 };
    for (const child of children) {
      const status = engine.status(child);
      if (status === 16) counts.completed += 1;
      else if (status === 144) counts.warning += 1;
      else if (status === 32 || status === 64) counts.error += 1;
      else if ((status & 12) !== 0) counts['in-progress'] += 1;
      else counts['not-started'] += 1;
    }
    const status = updater ? engine.status(updater) : 16;
    const done = counts.completed + counts.warning + counts.error;
    const total = children.length;
    const percentage = total > 0 ? Math.floor((100 * done) / total) : status >= 16 ? 100 : 0;
    return {
      statuses: { ...counts, completed: String(counts.completed) },
      message: updateMessage(status, updater !== undefined && engine.isPaused(updater)),
      percentage,
      start_time: updater?.startedWall === undefined ? 0 : unixSeconds(updater.startedWall),
      end_time: updater?.finishedWall === undefined ? 0 : unixSeconds(updater.finishedWall),
      id: update.id,
      docroot_pairs: [...update.stackRefs.keys()].map((stackId) => {
        const mine = children.filter((child) => world.sites.get(child.init.nid)?.stackId === stackId);
        const finished = mine.filter((child) => engine.status(child) >= 16);
        const failed = mine.filter((child) => [32, 64].includes(engine.status(child)));
        return {
          environment: {
            site: world.factoryName,
            env: 'live',
            tangle: world.stacks.get(stackId)?.name ?? '',
            type: 'live_env',
          },
          total: mine.length,
          error_percentage: mine.length ? Math.floor((100 * failed.length) / mine.length) : 0,
          completed_percentage: mine.length ? Math.floor((100 * finished.length) / mine.length) : 0,
        };
      }),
      time: phpTime(clock.now()),
    };
  }
}

/** An updater's status from its site updates: any failed or killed → ERROR, any warning → WARNING. */
function combined(children: readonly WipTask[]): { outcome: WipOutcome; message?: string } {
  const failed = children.filter((child) => child.finalStatus === 32 || child.finalStatus === 64).length;
  const warned = children.filter((child) => child.finalStatus === 144).length;
  if (failed > 0) return { outcome: 32, message: `${failed} of ${children.length} site updates did not complete.` };
  if (warned > 0) return { outcome: 144, message: `${warned} site update(s) completed with warnings.` };
  return { outcome: 16 };
}

function updateMessage(status: number, paused: boolean): string {
  if (paused && status < 16) return 'Update paused';
  if (status === 1) return 'Update scheduled';
  if (status < 16) return 'Update in progress';
  if (status === 16) return 'Update complete';
  if (status === 144) return 'Update complete with warnings';
  if (status === 64) return 'Update terminated';
  return 'Update failed';
}

function readType(value: string | undefined, now: number): string {
  const type = value ?? 'code, db';
  if (!SITES_TYPES.includes(type)) return badRequest(`sites_type must be one of: ${SITES_TYPES.join(' | ')}.`, now);
  return type;
}

function readDbUpdateArguments(value: string | undefined, now: number): void {
  if (value !== undefined && value !== '' && !DB_UPDATE_ARGUMENTS.test(value)) {
    badRequest('db_update_arguments may only hold letters, digits and spaces.', now);
  }
}

/**
 * `start_time`: `now`, `@<unix seconds>`, `<n> seconds|minutes|hours|days`, or a date `Date.parse` reads
 * (the factory uses PHP's `strtotime`, which reads more). Returns the delay from now; past times start now.
 */
function readStartTime(value: string | undefined, now: number): number {
  const text = (value ?? 'now').trim();
  if (text === '' || text.toLowerCase() === 'now') return 0;
  const unix = /^@(\d+)$/.exec(text)?.[1];
  const relative = /^\+?(\d+)\s*(second|minute|hour|day)s?$/i.exec(text);
  let at: number;
  if (unix) at = Number(unix) * 1000;
  else if (relative) {
    const unit = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[
      (relative[2] ?? 'second').toLowerCase() as 'second'
    ];
    at = now + Number(relative[1]) * unit;
  } else at = Date.parse(text);
  if (Number.isNaN(at)) return badRequest(`Cannot read start_time "${text}" as a time.`, now);
  return Math.max(0, at - now);
}
