import type { SimRouter } from '@omnihost/core/testing';
import { type StackSeed, serviceNames } from '../fleet.js';
import { paramsOf, textParam } from '../request-params.js';
import { badRequest, notFound } from '../responses.js';
import { containerListPayload, containerPayload, serverPayload } from '../wire.js';
import { type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/** Servers (list, get, reboot with scope `reboot`), services (list, get, scale, stop) and containers. */
export function serverRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;
  const seed = world.settings.seed;

  route(router, 'GET', '/stacks/:uid/servers', (request) => {
    const { stack } = stackFor(context, request);
    return replyPage(
      context,
      request,
      world.servers(stack).map((server) => serverPayload(stack, server)),
    );
  });

  route(router, 'GET', '/stacks/:uid/servers/:serverUid', (request) => {
    const { stack } = stackFor(context, request);
    const server = world.servers(stack).find((candidate) => candidate.uid === request.params.serverUid);
    return reply(context, serverPayload(stack, server ?? notFound()));
  });

  // The `reboot` scope: used on this endpoint by the docs, missing from their scope table.
  route(router, 'POST', '/stacks/:uid/servers/:serverUid/reboot_server', (request) => {
    const { stack } = stackFor(context, request, 'reboot');
    if (!world.servers(stack).some((candidate) => candidate.uid === request.params.serverUid)) notFound();
    const action = world.startAction(stack, 'server_reboot');
    world.recordExecution('reboot', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  /** Containers of a stack, one per service and server, narrowed by the query's filters, in either shape. */
  const containersOf = (
    stack: StackSeed,
    filter: { serverUid?: string | null; service?: string | null },
    shape: (...args: Parameters<typeof containerPayload>) => object = containerPayload,
  ) =>
    serviceNames(stack).flatMap((service) =>
      world
        .servers(stack)
        .flatMap((server, k) =>
          (filter.service && filter.service !== service) || (filter.serverUid && filter.serverUid !== server.uid)
            ? []
            : [shape(seed, stack, service, server, k)],
        ),
    );

  route(router, 'GET', '/stacks/:uid/services', (request) => {
    const { stack } = stackFor(context, request);
    const serverUid = request.query.get('server_uid');
    const services = serviceNames(stack).map((name) => ({
      name,
      containers: containersOf(stack, { serverUid, service: name }),
    }));
    return replyPage(context, request, services);
  });

  route(router, 'GET', '/stacks/:uid/services/:name', (request) => {
    const { stack } = stackFor(context, request);
    const name = request.params.name ?? '';
    if (!serviceNames(stack).includes(name)) notFound();
    return reply(context, {
      name,
      containers: containersOf(stack, { serverUid: request.query.get('server_uid'), service: name }),
    });
  });

  route(router, 'POST', '/stacks/:uid/services', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const params = paramsOf(request);
    const name = textParam(params, 'service_name') ?? badRequest('service_name is required');
    if (!serviceNames(stack).includes(name)) notFound();
    const counts = params.server_count ?? params.server_group_count;
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
      badRequest('server_count or server_group_count is required');
    }
    for (const value of Object.values(counts as Record<string, unknown>)) {
      if (!Number.isInteger(Number(value)) || Number(value) < 0) badRequest('counts must be whole numbers');
    }
    const action = world.startAction(stack, 'service_scale');
    world.recordExecution('service', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'DELETE', '/stacks/:uid/services/:name', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    if (!serviceNames(stack).includes(request.params.name ?? '')) notFound();
    const serverUid = request.query.get('server_uid');
    if (serverUid && !world.servers(stack).some((server) => server.uid === serverUid)) notFound();
    const action = world.startAction(stack, 'service_stop');
    world.recordExecution('service', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'GET', '/stacks/:uid/containers', (request) => {
    const { stack } = stackFor(context, request);
    const containers = containersOf(
      stack,
      { serverUid: request.query.get('server_uid'), service: request.query.get('service_name') },
      containerListPayload,
    );
    return replyPage(context, request, containers);
  });
}
