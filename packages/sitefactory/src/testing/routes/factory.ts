import type { SimRouter } from '@omnihost/core/testing';
import {
  badRequest,
  fail,
  idList,
  idParam,
  jsonBody,
  notFound,
  ok,
  optionalInt,
  optionalString,
  phpTime,
  requiredString,
} from '../wire.js';
import { callerOf, type RouteContext, startTask } from './context.js';

/** Lower stages a factory can stage its sites to (`GET /api/v2/stage`). */
const STAGING_TARGETS: Readonly<Record<string, string>> = { test: 'test', dev: 'dev' };
const THEME_SCOPES = ['site', 'group', 'global', 'theme'];
const THEME_EVENTS = ['create', 'modify', 'delete'];

/** Factory-level routes: stacks, VCS refs, themes, staging. */
export function registerFactoryRoutes(router: SimRouter, context: RouteContext, random: () => number): void {
  const { world, clock } = context;
  const newKey = () => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');

  router.get('/api/v1/stacks', () =>
    ok({ stacks: Object.fromEntries([...world.stacks.values()].map((stack) => [String(stack.id), stack.name])) }),
  );

  router.get('/api/v1/stacks/details', () =>
    ok(
      Object.fromEntries(
        [...world.stacks.values()].map((stack) => [
          String(stack.id),
          { id: stack.id, name: stack.name, description: stack.description, tangle_alias: stack.tangleAlias },
        ]),
      ),
    ),
  );

  router.put('/api/v1/stacks/:codebase_id', (request) => {
    const now = clock.now();
    const id = idParam(request, 'codebase_id', now);
    const stack = world.stacks.get(id);
    if (!stack) return notFound(`Could not find stack ${id}.`, now);
    const body = jsonBody(request, now);
    stack.name = optionalString(body, 'name', now) ?? stack.name;
    stack.description = optionalString(body, 'description', now) ?? stack.description;
    stack.tangleAlias = optionalString(body, 'tangle_alias', now) ?? stack.tangleAlias;
    context.recordExecution('stack.edit', request);
    return ok({ message: 'Stack details are updated successfully.' });
  });

  router.get('/api/v1/vcs', (request) => {
    const now = clock.now();
    const type = request.query.get('type');
    if (type !== 'sites' && type !== 'factory') return badRequest('type must be sites or factory.', now);
    if (type === 'factory') return fail(403, 'Forbidden: Factory code references are restricted to Acquia.', now);
    const stackId = optionalInt(request.query.get('stack_id') ?? undefined, 'stack_id', now) ?? 1;
    const stack = world.stacks.get(stackId);
    if (!stack) return badRequest(`Stack ${stackId} does not exist.`, now);
    return ok({ available: stack.refs, current: stack.current });
  });

  router.get('/api/v1/theme/deploy-key', () => {
    const key = Buffer.from(`${world.factoryName}:${newKey()}`).toString('base64');
    return ok({ deploy_key: `ssh-rsa ${key} sitefactory@${world.factoryName}`, time: phpTime(clock.now()) });
  });

  router.post('/api/v1/theme/notification', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const scope = requiredString(body, 'scope', now);
    const event = requiredString(body, 'event', now);
    if (!THEME_SCOPES.includes(scope)) return badRequest(`scope must be one of ${THEME_SCOPES.join(', ')}.`, now);
    if (!THEME_EVENTS.includes(event)) return badRequest(`event must be one of ${THEME_EVENTS.join(', ')}.`, now);
    const nid = optionalInt(body.nid, 'nid', now);
    if (scope !== 'global' && nid === undefined) return badRequest(`nid is required for scope ${scope}.`, now);
    context.recordExecution('theme.notification', request);
    return ok({
      message: 'The theme notification has been received.',
      time: phpTime(now),
      notification: { scope, event, nid: nid ?? 0 },
    });
  });

  router.post('/api/v1/theme/process', (request) => {
    const now = clock.now();
    const sitegroup = optionalString(jsonBody(request, now), 'sitegroup_id', now);
    const names = [...world.stacks.values()].map((stack) => stack.name);
    if (sitegroup !== undefined && !names.includes(sitegroup))
      return badRequest(`Unknown sitegroup ${sitegroup}.`, now);
    context.recordExecution('theme.process', request);
    return ok({
      message: 'The request to process theme modifications has been accepted.',
      sitegroups: sitegroup ? [sitegroup] : names,
      time: phpTime(now),
    });
  });

  router.get('/api/v2/stage', () => ok({ environments: STAGING_TARGETS }));

  router.post('/api/v2/stage', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const target = requiredString(body, 'to_env', now);
    if (!(target in STAGING_TARGETS)) return badRequest(`to_env must be one of ${Object.keys(STAGING_TARGETS)}.`, now);
    const sites = idList(body.sites, 'sites', now, false);
    for (const id of sites) if (!world.sites.has(id)) return badRequest(`Site ${id} does not exist.`, now);
    context.recordExecution('stage.start', request);
    const task = startTask(context, {
      group: 'other',
      name: `Staging to ${target}`,
      groupName: `Staging ${target}`,
      className: 'Acquia\\SfStaging\\StagingDeploy',
      nid: 0,
      uid: callerOf(context, request).uid,
      failure: 'the target environment could not be prepared',
    });
    return ok({ message: `Staging deployment has been initiated - WIP${task.id}.`, task_id: task.id });
  });
}
