import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { pageOf, readPage } from '../paging.js';
import type { WipTask } from '../wip-engine.js';
import {
  badRequest,
  idParam,
  jsonBody,
  notFound,
  ok,
  optionalBool,
  phpTime,
  queryFlag,
  taskListRow,
  unixSeconds,
  wipStatusRow,
} from '../wire.js';
import type { RouteContext } from './context.js';
import { updateRunning } from './status.js';

/** Log levels, most severe first: the `level` values of `/tasks/{id}/logs` are these indexes, as strings. */
const LOG_LEVELS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'];

/** WIP classes held back while a code update runs (`GET /api/v1/classes/softpause-for-update`). */
const SOFT_PAUSED_FOR_UPDATE = ['Acquia\\SfSite\\SiteInstall', 'Acquia\\SfSite\\SiteDuplicate'];

/** What `GET /api/v1/tasks?status=` selects, by the numeric status (vendors/sitefactory.md §2.1). */
const STATUS_FILTERS: Readonly<Record<string, (status: number) => boolean>> = {
  processing: (status) => (status & 12) !== 0,
  error: (status) => status === 32,
  'not-started': (status) => (status & 3) !== 0,
};

/** Options of the task routes. */
export interface TaskRouteOptions {
  /** Serve only the pre-2022 `PUT /api/v1/tasks/{id}` terminate path, as older factories do. */
  readonly legacyTerminateOnly: boolean;
}

/** WIP tasks: status, list, one row, logs, terminate (both paths), delete, pause, soft-paused classes. */
export function registerTaskRoutes(router: SimRouter, context: RouteContext, options: TaskRouteOptions): void {
  const { engine, clock } = context;
  const requireTask = (request: SimRequest): WipTask => {
    const now = clock.now();
    const id = idParam(request, 'task_id', now);
    const task = engine.get(id);
    if (!task) return notFound(`Task ${id} not found.`, now);
    return task;
  };

  router.get('/api/v1/wip/task/:task_id/status', (request) => {
    const task = requireTask(request);
    return ok({ wip_task: wipStatusRow(engine, task), time: phpTime(clock.now()) });
  });

  router.get('/api/v1/tasks', (request) => {
    const now = clock.now();
    const page = readPage(request, 'get_Task_tasks', now);
    const statusName = request.query.get('status');
    const filter = statusName ? STATUS_FILTERS[statusName] : undefined;
    if (statusName && !filter) return badRequest('status must be processing, error or not-started.', now);
    const className = request.query.get('class');
    const group = request.query.get('group');
    const tasks = engine
      .all()
      .filter((task) => !filter || filter(engine.status(task)))
      .filter((task) => !className || task.init.className === className)
      .filter((task) => !group || task.init.groupName === group)
      .sort((a, b) => b.id - a.id);
    // A bare JSON array, no total (acquia/cli PR #1010).
    return ok(pageOf(tasks, page).map((task) => taskListRow(engine, task)));
  });

  router.get('/api/v1/tasks/:task_id', (request) => ok(taskListRow(engine, requireTask(request))));

  router.get('/api/v1/tasks/:task_id/logs', (request) => {
    const now = clock.now();
    const task = requireTask(request);
    const levelName = request.query.get('level');
    const minimum = levelName ? LOG_LEVELS.indexOf(levelName) : LOG_LEVELS.length - 1;
    if (minimum < 0) return badRequest(`level must be one of ${LOG_LEVELS.join(', ')}.`, now);
    const tasks = queryFlag(request, 'descendants') ? family(task) : [task];
    const entries = tasks.flatMap((member) => logEntries(member));
    return ok(
      entries
        .filter((entry) => entry.level <= minimum)
        .map((entry, index) => ({
          id: String(task.id * 100 + index),
          timestamp: String(unixSeconds(entry.at)),
          object_id: String(entry.task.id),
          action: entry.action,
          level: String(entry.level),
          message: entry.message,
          readable: '0',
        })),
    );
  });

  const terminate = (request: SimRequest) => {
    const now = clock.now();
    const task = requireTask(request);
    jsonBody(request, now);
    context.recordExecution('task.terminate', request);
    engine.kill(task, 'The task was terminated.');
    return ok({ message: `Task ${task.id} has been queued for termination.`, time: phpTime(now), task_id: task.id });
  };
  if (!options.legacyTerminateOnly) router.put('/api/v1/tasks/:task_id/terminate', terminate);
  router.put('/api/v1/tasks/:task_id', terminate);

  router.delete('/api/v1/tasks/:task_id', (request) => {
    const now = clock.now();
    const task = requireTask(request);
    context.recordExecution('task.delete', request);
    engine.remove(task);
    return ok({ message: `Task ${task.id} has been deleted.`, time: phpTime(now), task_id: task.id });
  });

  router.post('/api/v1/pause', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const paused = optionalBool(body, 'paused', now);
    if (paused === undefined) return badRequest('Missing required parameter paused.', now);
    context.recordExecution('wip.pause', request);
    engine.pauseAll(paused);
    return ok({ message: paused ? 'Task processing has been paused.' : 'Task processing has been resumed.' });
  });

  router.post('/api/v1/pause/:task_id', (request) => {
    const now = clock.now();
    const task = requireTask(request);
    const body = jsonBody(request, now);
    const paused = optionalBool(body, 'paused', now);
    const level = body.level;
    if (paused === undefined) return badRequest('Missing required parameter paused.', now);
    if (level !== 'task' && level !== 'family') return badRequest('level must be task or family.', now);
    context.recordExecution('wip.pause-task', request);
    engine.pauseTask(task, paused, level === 'family');
    const verb = paused ? 'paused' : 'resumed';
    return ok({ message: `Task ${task.id} has been ${verb}.`, task_id: task.id, level });
  });

  router.get('/api/v1/classes/:type', (request) => {
    const now = clock.now();
    const type = request.params.type;
    if (type === 'softpause-for-update') return ok(SOFT_PAUSED_FOR_UPDATE);
    if (type === 'softpaused') return ok(updateRunning(context) ? SOFT_PAUSED_FOR_UPDATE : []);
    return badRequest('type must be softpaused or softpause-for-update.', now);
  });

  // Factory variables are internal; sf-sdk-ruby reads `wip_pause_global` here to see the global pause.
  router.get('/api/v1/variables', (request) => {
    const now = clock.now();
    const name = request.query.get('name');
    if (!name) return badRequest('Missing required parameter name.', now);
    if (name !== 'wip_pause_global') return notFound('Variable not found', now);
    return ok({ wip_pause_global: engine.globallyPaused ? 1 : 0 });
  });

  function family(task: WipTask): WipTask[] {
    return [task, ...engine.childrenOf(task).flatMap(family)];
  }

  function logEntries(task: WipTask): { task: WipTask; at: number; level: number; action: string; message: string }[] {
    const status = engine.status(task);
    const entries = [{ task, at: task.addedWall, level: 6, action: 'add', message: `${task.init.name} was added.` }];
    if (task.startedWall !== undefined) {
      entries.push({ task, at: task.startedWall, level: 6, action: 'start', message: `${task.init.name} started.` });
    }
    if (task.finishedWall !== undefined) {
      const level = status === 32 || status === 64 ? 3 : status === 144 ? 4 : 6;
      const message = task.message || `${task.init.name} completed.`;
      entries.push({ task, at: task.finishedWall, level, action: 'finish', message });
    }
    return entries;
  }
}
