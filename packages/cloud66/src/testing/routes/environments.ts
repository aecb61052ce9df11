import type { SimRouter } from '@omnihost/core/testing';
import { paramsOf, textParam } from '../request-params.js';
import { badRequest, notFound, requestIdHeader } from '../responses.js';
import { envVarPayload } from '../wire.js';
import { numericParam, type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/** Variable names as Cloud 66 accepts them (shell-style). */
const KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** `apply_strategy` values (docs). */
const APPLY_STRATEGIES = new Set(['immediately', 'deployment']);

/**
 * Environment variables (all scope `admin`): list, get by numeric id, create, update and delete by key.
 * Changes are stored at once and reported through an `env-var-new` / `env-var-update` action.
 */
export function environmentRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'GET', '/stacks/:uid/environments', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    return replyPage(context, request, world.envVars(stack).map(envVarPayload));
  });

  route(router, 'GET', '/stacks/:uid/environments/:id', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const id = numericParam(request, 'id');
    return reply(context, envVarPayload(world.envVars(stack).find((variable) => variable.id === id) ?? notFound()));
  });

  route(router, 'POST', '/stacks/:uid/environments', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const params = paramsOf(request);
    const key = textParam(params, 'key') ?? badRequest('key is required');
    if (!KEY.test(key)) badRequest('key must be letters, digits and underscores');
    const value = textParam(params, 'value') ?? badRequest('value is required');
    checkStrategy(textParam(params, 'apply_strategy'));
    const variables = world.mutableEnvVars(stack);
    if (variables.some((variable) => variable.key === key)) badRequest(`${key} already exists`);
    const now = world.settings.clock.now();
    variables.push({
      id: world.newId(),
      key,
      value,
      readonly: false,
      isPassword: false,
      isGenerated: false,
      createdAt: now,
      updatedAt: now,
      history: [],
    });
    const action = world.startAction(stack, 'env-var-new');
    world.recordExecution('env-var', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  route(router, 'PUT', '/stacks/:uid/environments/:key', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const params = paramsOf(request);
    const value = textParam(params, 'value') ?? badRequest('value is required');
    checkStrategy(textParam(params, 'apply_strategy'));
    const variable =
      world.mutableEnvVars(stack).find((candidate) => candidate.key === request.params.key) ?? notFound();
    if (variable.readonly) badRequest(`${variable.key} is readonly`);
    const now = world.settings.clock.now();
    variable.history.push({ value: variable.value, createdAt: variable.updatedAt, updatedAt: now });
    variable.value = value;
    variable.updatedAt = now;
    const action = world.startAction(stack, 'env-var-update');
    world.recordExecution('env-var', request.callId);
    return reply(context, world.actionWire(stack, action));
  });

  // The docs show an empty 200 body for a delete: no envelope at all (vendor notes gotcha 12).
  route(router, 'DELETE', '/stacks/:uid/environments/:key', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    const variables = world.mutableEnvVars(stack);
    const index = variables.findIndex((candidate) => candidate.key === request.params.key);
    const variable = variables[index] ?? notFound();
    if (variable.readonly || variable.isGenerated) badRequest(`${variable.key} is readonly or generated`);
    variables.splice(index, 1);
    world.recordExecution('env-var', request.callId);
    return { status: 200, headers: requestIdHeader(), body: '' };
  });
}

function checkStrategy(strategy: string | undefined): void {
  if (strategy !== undefined && !APPLY_STRATEGIES.has(strategy))
    badRequest('apply_strategy must be immediately or deployment');
}
