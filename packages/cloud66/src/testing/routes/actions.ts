import type { SimRouter } from '@omnihost/core/testing';
import { containerUid, type StackSeed, serviceNames } from '../fleet.js';
import { firstTextParam, type Params, paramsOf, textParam } from '../request-params.js';
import { badRequest, notFound } from '../responses.js';
import type { Cloud66World } from '../world.js';
import { numericParam, type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/** What a command starts: the action name the API reports, after the command's parameters were checked. */
type CommandHandler = (world: Cloud66World, stack: StackSeed, params: Params) => string;

/** Database groups the replication commands accept (docs: `server_group`; Go client: `db_type`). */
const DATABASE_GROUPS = new Set(['all', 'mysql', 'postgresql', 'redis', 'mongodb']);

/**
 * Command → checks and action name: the docs' command table. Where the docs and the Go client name a
 * parameter differently, the simulator accepts both, as the adapter sends both (vendor notes §3.2, §6.6).
 * The seed article's `service_restart` poll answer reports `"action": "service_restart"`: actions are
 * named after their command.
 */
const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  restart: () => 'restart',
  clear_caches: () => 'clear_caches',
  maintenance_mode: (world, stack, params) => {
    const value = textParam(params, 'value');
    if (value !== '1' && value !== '0') badRequest('value must be 1 (on) or 0 (off)');
    world.setMaintenance(stack, value === '1');
    return 'maintenance_mode';
  },
  service_restart: serviceCommand('service_restart'),
  service_pause: serviceCommand('service_pause'),
  service_resume: serviceCommand('service_resume'),
  process_restart: processCommand('process_restart'),
  process_pause: processCommand('process_pause'),
  process_resume: processCommand('process_resume'),
  container_restart: (world, stack, params) => {
    const uid = firstTextParam(params, 'container_id', 'container') ?? badRequest('container_id is required');
    const servers = world.servers(stack);
    const known = serviceNames(stack).some((service) =>
      servers.some((_, k) => containerUid(world.settings.seed, stack, service, k) === uid),
    );
    if (!known) notFound();
    return 'container_restart';
  },
  promote_slave_db: databaseCommand('promote_slave_db'),
  resync_slave_db: databaseCommand('resync_slave_db'),
  disable_replication_slave_db: databaseCommand('disable_replication_slave_db'),
};

/** Service actions (Docker stacks): every service, or the one named, optionally on one server. */
function serviceCommand(name: string): CommandHandler {
  return (world, stack, params) => {
    const services = serviceNames(stack);
    if (services.length === 0) badRequest(`${name} applies to Docker stacks only`);
    const service = textParam(params, 'service_name');
    if (service !== undefined && !services.includes(service)) notFound();
    checkServer(world, stack, firstTextParam(params, 'server_uid', 'server_id_filter'));
    return name;
  };
}

/** Process actions (classic stacks): a process name is required. */
function processCommand(name: string): CommandHandler {
  return (world, stack, params) => {
    if (stack.framework === 'docker') badRequest(`${name} applies to classic stacks only`);
    if (textParam(params, 'process_name') === undefined) badRequest('process_name is required');
    checkServer(world, stack, textParam(params, 'server_uid'));
    return name;
  };
}

/** Replication actions: a database server, named by UID (Go client) or by name (docs). */
function databaseCommand(name: string): CommandHandler {
  return (world, stack, params) => {
    if (!stack.dbType) badRequest('this stack has no database server');
    const uid = textParam(params, 'server_uid');
    const serverName = textParam(params, 'server');
    if (uid === undefined && serverName === undefined) badRequest('server_uid (or server) is required');
    const server = world.servers(stack).find((candidate) => candidate.uid === uid || candidate.name === serverName);
    if (!server) notFound();
    const group = firstTextParam(params, 'db_type', 'server_group');
    if (group !== undefined && !DATABASE_GROUPS.has(group)) badRequest(`unknown database group ${group.slice(0, 40)}`);
    return name;
  };
}

function checkServer(world: Cloud66World, stack: StackSeed, serverUid: string | undefined): void {
  if (serverUid !== undefined && !world.servers(stack).some((server) => server.uid === serverUid)) notFound();
}

/** Stack actions: run a command (scope redeploy), list, and poll one. */
export function actionRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'POST', '/stacks/:uid/actions', (request) => {
    const { stack } = stackFor(context, request, 'redeploy');
    const params = paramsOf(request);
    const command = textParam(params, 'command') ?? badRequest('command is required');
    const handler = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!handler) badRequest(`unknown command ${command.slice(0, 40)}`);
    const action = world.startAction(stack, handler(world, stack, params));
    world.recordExecution('action', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'GET', '/stacks/:uid/actions', (request) => {
    const { stack } = stackFor(context, request);
    const reference = request.query.get('user_reference');
    const actions = world.actionsOf(stack);
    const matching = reference
      ? actions.filter(
          (action) => (action.metadata as { user_reference?: string } | undefined)?.user_reference === reference,
        )
      : actions;
    return replyPage(context, request, matching);
  });

  route(router, 'GET', '/stacks/:uid/actions/:id', (request) => {
    const { stack } = stackFor(context, request);
    const action = world.action(stack, numericParam(request, 'id'));
    // The 2023+ docs show this one answer without the envelope; the 2020 docs and the Go client wrap it.
    if (world.bareActionResponses) {
      const wrapped = reply(context, action);
      return { ...wrapped, json: action };
    }
    return reply(context, action);
  });
}
