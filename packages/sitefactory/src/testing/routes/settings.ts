import type { SimRouter } from '@omnihost/core/testing';
import { badRequest, idList, jsonBody, ok, optionalInt, optionalString, phpTime } from '../wire.js';
import type { RouteContext } from './context.js';

/** WIP log levels, most verbose first (`PUT /api/v1/task-log-settings` values such as `trace`, `warn`). */
const LOG_LEVELS = ['trace', 'debug', 'info', 'notice', 'warn', 'error', 'critical', 'alert', 'emergency'];
const DEFAULT_LOG_SETTINGS = { wip_log_level: 'info', wip_log_maximum_level: 'debug' } as const;

/** Factory settings: the order code updates visit sites in, backup retention, WIP log levels. */
export function registerSettingsRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;

  router.get('/api/v1/site-update-priority', () =>
    ok({
      priority: Object.fromEntries(world.updatePriority.map((siteId, index) => [String(siteId), index + 1])),
      time: phpTime(clock.now()),
    }),
  );

  router.put('/api/v1/site-update-priority', (request) => {
    const now = clock.now();
    const ids = idList(jsonBody(request, now).priority, 'priority', now);
    for (const id of ids) if (!world.sites.has(id)) return badRequest(`Site ${id} does not exist.`, now);
    if (new Set(ids).size !== ids.length) return badRequest('priority must not name a site twice.', now);
    world.updatePriority = ids;
    context.recordExecution('update-priority.set', request);
    return ok({ message: 'The site update priority has been set.', time: phpTime(now) });
  });

  router.delete('/api/v1/site-update-priority', (request) => {
    const now = clock.now();
    world.updatePriority = [];
    context.recordExecution('update-priority.reset', request);
    return ok({ message: 'The site update priority has been reset.', time: phpTime(now) });
  });

  router.get('/api/v1/backup-expiration', () =>
    ok({ expiration_days: world.backupExpirationDays, time: phpTime(clock.now()) }),
  );

  router.put('/api/v1/backup-expiration', (request) => {
    const now = clock.now();
    const days = optionalInt(jsonBody(request, now).expiration_days, 'expiration_days', now);
    if (days === undefined || days < 1 || days > 365) return badRequest('expiration_days must be from 1 to 365.', now);
    world.backupExpirationDays = days;
    context.recordExecution('backup-expiration.set', request);
    return ok({ message: `Backups now expire after ${days} days.`, time: phpTime(now) });
  });

  router.get('/api/v1/task-log-settings', () => {
    const describe = (value: string) => ({ name: value.charAt(0).toUpperCase() + value.slice(1), value });
    return ok({
      wip_log_maximum_level: describe(world.taskLogSettings.wip_log_maximum_level),
      wip_log_level: describe(world.taskLogSettings.wip_log_level),
    });
  });

  router.put('/api/v1/task-log-settings', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const changes: Partial<typeof world.taskLogSettings> = {};
    for (const key of ['wip_log_level', 'wip_log_maximum_level'] as const) {
      const value = optionalString(body, key, now);
      if (value === undefined) continue;
      if (!LOG_LEVELS.includes(value)) return badRequest(`${key} must be one of ${LOG_LEVELS.join(', ')}.`, now);
      changes[key] = value;
    }
    if (Object.keys(changes).length === 0) return badRequest('Provide wip_log_level or wip_log_maximum_level.', now);
    Object.assign(world.taskLogSettings, changes);
    context.recordExecution('task-log-settings.set', request);
    return ok({ message: 'The task log settings have been updated.', time: phpTime(now) });
  });

  router.delete('/api/v1/task-log-settings', (request) => {
    const now = clock.now();
    Object.assign(world.taskLogSettings, DEFAULT_LOG_SETTINGS);
    context.recordExecution('task-log-settings.reset', request);
    return ok({ message: 'The task log settings have been reset.', time: phpTime(now) });
  });
}
