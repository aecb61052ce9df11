import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import type { StackSeed } from '../fleet.js';
import { paramsOf, textParam } from '../request-params.js';
import { badRequest } from '../responses.js';
import { sslCertificatePayload } from '../wire.js';
import type { LazyList } from '../world.js';
import { callerWith, type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/**
 * The `GET /stacks` filters the Go client sends (added 2023, undocumented). Their exact matching rules are
 * not published; the simulator matches names by substring and the rest exactly.
 */
const STACK_FILTERS: Readonly<Record<string, (stack: StackSeed, value: string) => boolean>> = {
  filter_name: (stack, value) => stack.name.toLowerCase().includes(value.toLowerCase()),
  filter_environment: (stack, value) => stack.environment === value,
  filter_git_repo: (stack, value) => `https://github.com/omnihost-sim/${stack.slug}.git` === value,
  filter_git_branch: (stack, value) => stack.gitBranch === value,
};

/** Stacks: list (paged, filters), get, create (Docker), reboot servers, SSL certificates. */
export function stackRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'GET', '/stacks', (request) => {
    const caller = callerWith(context, request);
    const stacks = filtered(world.stacksOf(caller.accountId), request);
    return replyPage(context, request, { total: stacks.total, at: (index) => world.stackWire(stacks.at(index)) });
  });

  route(router, 'GET', '/stacks/:uid', (request) => reply(context, world.stackWire(stackFor(context, request).stack)));

  // `POST /stacks` (scope redeploy): the Go client's one path without `.json`; `route` serves both forms.
  route(router, 'POST', '/stacks', (request) => {
    const caller = callerWith(context, request, 'redeploy');
    const params = paramsOf(request);
    const name = required(textParam(params, 'name'), 'name');
    const environment = required(textParam(params, 'environment'), 'environment');
    required(textParam(params, 'service_yaml'), 'service_yaml');
    const buildType = textParam(params, 'build_type');
    if (buildType !== undefined && buildType !== 'single' && buildType !== 'multi') {
      badRequest('build_type must be single or multi');
    }
    const action = world.createStack({
      name: name.slice(0, 100),
      environment: environment.slice(0, 50),
      cloud: textParam(params, 'cloud'),
      accountId: caller.accountId,
    });
    world.recordExecution('stack-create', request.callId);
    const stack = world.stack(action.stackIndex) as StackSeed;
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'POST', '/stacks/:uid/reboot_servers', (request) => {
    const { stack } = stackFor(context, request, 'reboot');
    const params = paramsOf(request);
    const strategy = textParam(params, 'strategy');
    if (strategy !== 'parallel' && strategy !== 'serial') badRequest('strategy must be parallel or serial');
    const action = world.startAction(stack, 'stack_reboot');
    world.recordExecution('reboot', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'GET', '/stacks/:uid/ssl_certificates', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const certificates = stack.environment === 'production' ? [sslCertificatePayload(world.settings.seed, stack)] : [];
    return replyPage(context, request, certificates);
  });
}

/** Applies the filters the request names; without any, the list stays lazy. */
function filtered(stacks: LazyList<StackSeed>, request: SimRequest): LazyList<StackSeed> {
  const active = Object.entries(STACK_FILTERS).flatMap(([name, test]) => {
    const value = request.query.get(name);
    return value ? [(stack: StackSeed) => test(stack, value)] : [];
  });
  if (active.length === 0) return stacks;
  const kept: StackSeed[] = [];
  for (let index = 0; index < stacks.total; index += 1) {
    const stack = stacks.at(index);
    if (active.every((test) => test(stack))) kept.push(stack);
  }
  return { total: kept.length, at: (index) => kept[index] as StackSeed };
}

function required(value: string | undefined, name: string): string {
  return value ?? badRequest(`${name} is required`);
}
