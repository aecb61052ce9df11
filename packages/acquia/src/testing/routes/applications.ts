import type { SimRouter } from '@omnihost/core/testing';
import type { SimApplication, SimEnvironmentInfo } from '../fleet.js';
import { hasFilterOrSort, type ListFields, MAX_SIM_PAGE_SIZE, pageWindow } from '../list-query.js';
import { hal } from '../responses.js';
import { halCollection } from '../wire.js';
import { applicationOr404, type SimWorld } from '../world.js';
import { collectionResponse, route } from './route.js';

/** `GET /applications` sort and filter fields (spec: `label`, `organization_name`; `name`, `hosting` deprecated). */
const APPLICATION_FIELDS: ListFields<SimApplication> = {
  label: (application) => application.name,
  name: (application) => application.name,
  organization_name: () => 'Simulated organization',
  hosting: (application) => `prod:${application.sitegroup}`,
  uuid: (application) => application.uuid,
};

/** Environment list fields. The spec names none for this list; these are the ones the payload has. */
const ENVIRONMENT_FIELDS: ListFields<SimEnvironmentInfo> = {
  name: (environment) => environment.name,
  label: (environment) => environment.label,
  id: (environment) => environment.id,
  status: () => 'normal',
  type: () => 'drupal',
  weight: (environment) => environment.slot,
};

/** Applications, their environments and their environment details. */
export function applicationRoutes(router: SimRouter, world: SimWorld): void {
  router.get(
    '/api/applications',
    route(world, (request) => {
      const place = { path: '/applications', parent: '/', withPagination: true };
      if (hasFilterOrSort(request.query)) {
        const all = Array.from(
          { length: world.fleet.applicationCount },
          (_, index) => world.fleet.application(index) as SimApplication,
        );
        return collectionResponse(
          world,
          request.query,
          all,
          APPLICATION_FIELDS,
          (application) => world.payloads.applicationItem(application),
          place,
        );
      }
      // No filter or sort: the page is generated from indexes, so a million-site fleet costs one page.
      const window = pageWindow(request.query);
      const end = Math.min(world.fleet.applicationCount, window.offset + (window.limit ?? MAX_SIM_PAGE_SIZE));
      const items = [];
      for (let index = window.offset; index < end; index += 1) {
        items.push(world.payloads.applicationItem(world.fleet.application(index) as SimApplication));
      }
      return hal(
        200,
        halCollection(items, { hrefs: world.hrefs, window, total: world.fleet.applicationCount, ...place }),
      );
    }),
  );

  router.get(
    '/api/applications/:applicationUuid',
    route(world, (request) => {
      const application = applicationOr404(world, request.params.applicationUuid ?? '');
      return hal(200, world.payloads.application(application));
    }),
  );

  router.get(
    '/api/applications/:applicationUuid/environments',
    route(world, (request) => {
      const application = applicationOr404(world, request.params.applicationUuid ?? '');
      const environments = Array.from(
        { length: world.fleet.environmentCount(application) },
        (_, slot) => world.fleet.environmentAt(application, slot) as SimEnvironmentInfo,
      );
      return collectionResponse(
        world,
        request.query,
        environments,
        ENVIRONMENT_FIELDS,
        (environment) => world.payloads.environment(environment),
        // The SDK's environment fixture has no `pagination` block; clients must stop on a short page.
        {
          path: `/applications/${application.uuid}/environments`,
          parent: `/applications/${application.uuid}`,
          withPagination: false,
        },
      );
    }),
  );
}
