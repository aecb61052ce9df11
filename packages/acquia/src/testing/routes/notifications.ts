import type { SimRouter } from '@omnihost/core/testing';
import type { ListFields } from '../list-query.js';
import { fail, hal, notFound } from '../responses.js';
import { applicationOr404, type SimWorld } from '../world.js';
import { collectionResponse, route } from './route.js';

type Rendered = Record<string, unknown>;

/** Notification list fields (spec: event, label, description, status, author, created_at, completed_at). */
const NOTIFICATION_FIELDS: ListFields<Rendered> = {
  event: (item) => item.event as string,
  label: (item) => item.label as string,
  description: (item) => item.description as string,
  status: (item) => item.status as string,
  author: (item) => ((item.context as { author?: { uuid?: string } }).author?.uuid ?? null) as string | null,
  created_at: (item) => item.created_at as string,
  completed_at: (item) => item.completed_at as string,
};

/** Notifications: Acquia's tasks, one by uuid and the list of an application's. */
export function notificationRoutes(router: SimRouter, world: SimWorld): void {
  router.get(
    '/api/notifications/:notificationUuid',
    route(world, (request) => {
      const rendered = world.notifications.render(request.params.notificationUuid ?? '');
      return hal(200, rendered ?? fail(notFound('data')));
    }),
  );

  router.get(
    '/api/applications/:applicationUuid/notifications',
    route(world, (request) => {
      const application = applicationOr404(world, request.params.applicationUuid ?? '');
      const items = world.notifications
        .forApplication(application.uuid)
        .map((uuid) => world.notifications.render(uuid) as Rendered);
      return collectionResponse(world, request.query, items, NOTIFICATION_FIELDS, (item) => item, {
        path: `/applications/${application.uuid}/notifications`,
        parent: `/applications/${application.uuid}`,
        withPagination: true,
      });
    }),
  );
}
