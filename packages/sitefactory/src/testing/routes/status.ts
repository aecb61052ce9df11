import type { SimRouter } from '@omnihost/core/testing';
import { badRequest, jsonBody, ok, optionalString, phpTime } from '../wire.js';
import type { RouteContext } from './context.js';

const SERVICES = ['site_creation', 'site_duplication', 'domain_management', 'bulk_operations'] as const;
type Service = (typeof SERVICES)[number];

/** Services a running code update disables (vendors/sitefactory.md §3.5: installs and duplications stop). */
const DISABLED_BY_UPDATES: readonly Service[] = ['site_creation', 'site_duplication'];

/** True while a code update's updater task has not ended. */
export function updateRunning(context: RouteContext): boolean {
  for (const update of context.world.updates.values()) {
    const task = context.engine.get(update.id);
    if (task && context.engine.status(task) < 16) return true;
  }
  return false;
}

/**
 * A service's state as `GET /api/v1/status` words it: `Enabled`, `Disabled`, or `Disabled until <time>`.
 * Stored as `PUT /api/v1/status` leaves it: `''` (on), `off`, or the time it is disabled until.
 */
function describe(context: RouteContext, service: Service): string {
  if (DISABLED_BY_UPDATES.includes(service) && updateRunning(context)) return 'Disabled';
  const stored = context.world.serviceStatus[service] ?? '';
  if (stored === 'off') return 'Disabled';
  if (stored !== '' && Date.parse(stored) > context.clock.now()) return `Disabled until ${stored}`;
  return 'Enabled';
}

/** True when requests of this service are refused now. */
export function serviceDisabled(context: RouteContext, service: Service): boolean {
  return describe(context, service) !== 'Enabled';
}

/** `ping`, `status` (read and set) and `sf-info`. */
export function registerStatusRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;

  router.get('/api/v1/ping', () => ok({ message: 'pong', server_time: phpTime(clock.now()) }));

  router.get('/api/v1/sf-info', () => ok({ factory_version: world.factoryVersion, time: phpTime(clock.now()) }));

  router.get('/api/v1/status', () =>
    ok(Object.fromEntries(SERVICES.map((service) => [service, describe(context, service)]))),
  );

  router.put('/api/v1/status', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const all = optionalString(body, 'all', now);
    const changes: Partial<Record<Service, string>> = {};
    for (const service of SERVICES) {
      const value = optionalString(body, service, now) ?? all;
      if (value !== undefined) changes[service] = storedValue(value, now);
    }
    if (Object.keys(changes).length === 0) return badRequest('Provide all or at least one service.', now);
    Object.assign(world.serviceStatus, changes);
    context.recordExecution('status.set', request);
    return ok(Object.fromEntries(SERVICES.map((service) => [service, world.serviceStatus[service] ?? ''])));
  });
}

/** `on` → enabled, `off` → disabled, anything `Date.parse` reads (PHP's `strtotime` in a factory) → until then. */
function storedValue(value: string, now: number): string {
  const text = value.trim().toLowerCase();
  if (text === 'on') return '';
  if (text === 'off') return 'off';
  const until = Date.parse(value);
  if (Number.isNaN(until)) return badRequest(`Cannot read "${value}" as on, off or a time.`, now);
  return phpTime(until);
}
