import type { SimEnvironmentInfo } from '../fleet.js';
import type { SimWorld } from '../world.js';

/** The `context` block of a notification about an environment (shape of the spec's notification examples). */
export function notificationContext(
  world: SimWorld,
  environment: SimEnvironmentInfo,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const user = world.fleet.userUuid;
  return {
    author: { uuid: user, actual_uuid: user },
    user: { uuids: [user] },
    application: { uuids: [environment.application.uuid] },
    environment: { ids: [environment.id] },
    ...extra,
  };
}
