import type { SimRouter } from '@omnihost/core/testing';
import type { SimEnvironmentInfo } from '../fleet.js';
import type { ListFields } from '../list-query.js';
import { conflict, fail, hal, validationFailed } from '../responses.js';
import { acceptedBody } from '../wire.js';
import { applicationOr404, environmentOr404, jsonBody, type SimWorld } from '../world.js';
import { notificationContext } from './context.js';
import { collectionResponse, route } from './route.js';

/** Branch and tag names git accepts, roughly: no spaces, no `..`, no control or glob characters. */
const REF_NAME = /^(?!.*\.\.)(?!\/)[A-Za-z0-9._/-]{1,250}(?<!\/)$/;

const CODE_FIELDS: ListFields<string> = { name: (ref) => ref };

/** A required string field of a body, or the spec's `400 validation_failed` keyed by it. */
function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    fail(validationFailed(field, `Missing required parameter(s): ${field}`));
  }
  return value;
}

/** Another environment of the same application, named by a body field. */
function sameApplicationSource(
  world: SimWorld,
  target: SimEnvironmentInfo,
  sourceId: string,
  field: string,
  message: string,
): SimEnvironmentInfo {
  const source = world.fleet.environmentById(sourceId);
  if (!source || source.application.uuid !== target.application.uuid) fail(validationFailed(field, message));
  return source;
}

/** Environment details, code (branches/tags, switch, promote) and file copies. */
export function environmentRoutes(router: SimRouter, world: SimWorld): void {
  router.get(
    '/api/environments/:environmentId',
    route(world, (request) =>
      hal(200, world.payloads.environment(environmentOr404(world, request.params.environmentId ?? ''))),
    ),
  );

  router.get(
    '/api/applications/:applicationUuid/code',
    route(world, (request) => {
      const application = applicationOr404(world, request.params.applicationUuid ?? '');
      return collectionResponse(
        world,
        request.query,
        world.state.refsOf(application),
        CODE_FIELDS,
        (ref) => ({
          name: ref,
          flags: { tag: ref.startsWith('tags/') },
          _links: { self: world.hrefs.link(`/applications/${application.uuid}/code/${encodeURIComponent(ref)}`) },
        }),
        {
          path: `/applications/${application.uuid}/code`,
          parent: `/applications/${application.uuid}`,
          withPagination: false,
        },
      );
    }),
  );

  // Switch an environment to a branch or tag (`postEnvironmentsSwitchCode`).
  router.post(
    '/api/environments/:environmentId/code/actions/switch',
    route(world, (request) => {
      const environment = environmentOr404(world, request.params.environmentId ?? '');
      const branch = requiredString(jsonBody(request.bodyText), 'branch');
      if (!REF_NAME.test(branch)) fail(validationFailed('branch', 'The branch name contains invalid characters.'));
      if (!world.state.refsOf(environment.application).includes(branch)) {
        if (world.options.strictRefs) {
          fail(validationFailed('branch', `The branch or tag "${branch}" does not exist within this environment.`));
        }
        world.state.addRef(environment.application, branch);
      }
      world.recordExecution('deploy', request.callId);
      const uuid = world.notifications.start({
        kind: 'deploy',
        event: 'CodeSwitched',
        label: 'Code switched',
        running: `Switching "${environment.label}" to ${branch}.`,
        done: `"${environment.label}" was switched to ${branch}.`,
        context: notificationContext(world, environment),
        effect: () => world.state.setVcsPath(environment, branch),
      });
      const path = `/environments/${environment.id}`;
      return hal(
        202,
        acceptedBody(world.hrefs, 'Switching code.', `${path}/code/actions/switch`, uuid, `${path}/code`),
      );
    }),
  );

  // Deploy the code another environment runs (`postEnvironmentsDeployCode`; the path names the target).
  router.post(
    '/api/environments/:environmentId/code',
    route(world, (request) => {
      const target = environmentOr404(world, request.params.environmentId ?? '');
      const sourceId = requiredString(jsonBody(request.bodyText), 'source');
      const source = sameApplicationSource(
        world,
        target,
        sourceId,
        'source',
        'Code can only be deployed from an environment within the same application.',
      );
      if (source.id === target.id) fail(conflict('Code cannot be deployed from an environment to itself.'));
      const ref = world.state.vcsPath(source);
      world.recordExecution('deploy', request.callId);
      const uuid = world.notifications.start({
        kind: 'deploy',
        event: 'CodeDeployed',
        label: 'Code deployed',
        running: `Deploying code from "${source.label}" to "${target.label}".`,
        done: `Code was deployed from "${source.label}" to "${target.label}".`,
        context: notificationContext(world, target),
        effect: () => world.state.setVcsPath(target, ref),
      });
      const path = `/environments/${target.id}`;
      return hal(202, acceptedBody(world.hrefs, 'Deploying code.', `${path}/code`, uuid, path));
    }),
  );

  // Copy user files from another environment (`postEnvironmentsFiles`).
  router.post(
    '/api/environments/:environmentId/files',
    route(world, (request) => {
      const target = environmentOr404(world, request.params.environmentId ?? '');
      const sourceId = requiredString(jsonBody(request.bodyText), 'source');
      const source = sameApplicationSource(
        world,
        target,
        sourceId,
        'name',
        'Files can only be copied from an environment within the same application.',
      );
      if (source.id === target.id) fail(conflict('Files cannot be copied from an environment to itself.'));
      world.recordExecution('copy-files', request.callId);
      const uuid = world.notifications.start({
        kind: 'copy',
        event: 'FilesCopied',
        label: 'Files copied',
        running: `Copying files from "${source.label}" to "${target.label}".`,
        done: `Files were copied from "${source.label}" to "${target.label}".`,
        context: notificationContext(world, target),
      });
      const path = `/environments/${target.id}`;
      return hal(202, acceptedBody(world.hrefs, 'Copying files.', `${path}/files`, uuid, path));
    }),
  );
}
