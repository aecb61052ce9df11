import type { SimRouter } from '@omnihost/core/testing';
import { serviceNames } from '../fleet.js';
import { listParam, paramsOf, textParam } from '../request-params.js';
import { badRequest } from '../responses.js';
import { numericParam, type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/** `user_reference`: "up to 255 characters" (docs). */
const MAX_USER_REFERENCE = 255;

/** `deploy_strategy` values the Go client and cx send. */
const DEPLOY_STRATEGIES = new Set(['serial', 'parallel', 'rolling', 'fast']);

/** Deployments: list (newest first), get, redeploy (scope redeploy), cancel (scope redeploy). */
export function deploymentRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'GET', '/stacks/:uid/deployments', (request) =>
    replyPage(context, request, world.deployments(stackFor(context, request).stack)),
  );

  route(router, 'GET', '/stacks/:uid/deployments/:id', (request) => {
    const { stack } = stackFor(context, request);
    return reply(context, world.deployment(stack, numericParam(request, 'id')));
  });

  route(router, 'POST', '/stacks/:uid/deployments', (request) => {
    const { stack } = stackFor(context, request, 'redeploy');
    const params = paramsOf(request);
    // `services`: a comma string (docs) or a JSON array (Go client); `services_filter` before 2020-02.
    const services = listParam(params, 'services') ?? listParam(params, 'services_filter');
    if (services !== undefined) {
      const known = serviceNames(stack);
      if (known.length === 0) badRequest('services apply to Docker stacks only; use git_ref');
      for (const entry of services) {
        const name = entry.split(':')[0] ?? '';
        if (!known.includes(name)) badRequest(`unknown service ${name.slice(0, 40)}`);
      }
    }
    const userReference = textParam(params, 'user_reference');
    if (userReference !== undefined && userReference.length > MAX_USER_REFERENCE) {
      badRequest(`user_reference must be at most ${MAX_USER_REFERENCE} characters`);
    }
    const strategy = textParam(params, 'deploy_strategy');
    if (strategy !== undefined && !DEPLOY_STRATEGIES.has(strategy)) badRequest('unknown deploy_strategy');

    const { op, queued } = world.redeploy(stack, {
      // The docs: `git_ref` applies to classic stacks only; a Docker stack ignores it.
      gitRef: stack.framework === 'docker' ? undefined : textParam(params, 'git_ref'),
      services,
      userReference,
    });
    world.recordExecution('deploy', request.callId);
    const message = queued ? 'Stack queued for redeployment' : 'Stack redeployment started';
    switch (world.redeployAnswer) {
      case 'pre-2019':
        return reply(context, { ok: true, message });
      case 'null-action-id':
        return reply(context, { ok: true, message, async_action_id: null, queued });
      default:
        return reply(context, { ok: true, message, async_action_id: op.actionId, queued });
    }
  });

  route(router, 'DELETE', '/stacks/:uid/deployments/:id', (request) => {
    const { stack } = stackFor(context, request, 'redeploy');
    world.cancelDeployment(stack, numericParam(request, 'id'));
    world.recordExecution('deployment-cancel', request.callId);
    return reply(context, { ok: true, message: 'Cancelling deployment' });
  });
}
