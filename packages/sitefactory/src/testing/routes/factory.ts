import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { pageOf, readPage } from '../paging.js';
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
import { PLATFORM_ADMIN, type SimUser } from '../world.js';
import { callerOf, type RouteContext, startTask } from './context.js';

/** Lower stages a factory can stage its sites to (`GET /api/v2/stage`). */
const STAGING_TARGETS: Readonly<Record<string, string>> = { test: 'test', dev: 'dev' };
const THEME_SCOPES = ['site', 'group', 'global', 'theme'];
const THEME_EVENTS = ['create', 'modify', 'delete'];

/** Factory-level routes: stacks, VCS refs, themes, staging, users and API keys. */
export function registerFactoryRoutes(router: SimRouter, context: RouteContext, random: () => number): void {
  const { world, clock } = context;
  const newKey = () => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');
  const isAdmin = (user: SimUser) => Object.values(user.roles).includes(PLATFORM_ADMIN);

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
      kind: 'other',
      name: `Staging to ${target}`,
      groupName: `Staging ${target}`,
      className: 'Acquia\\SfStaging\\StagingDeploy',
      nid: 0,
      uid: callerOf(context, request).uid,
      failure: 'the target environment could not be prepared',
    });
    return ok({ message: `Staging deployment has been initiated - WIP${task.id}.`, task_id: task.id });
  });

  router.get('/api/v1/users', (request) => {
    const page = readPage(request, 'get_User_getUsers', clock.now());
    const users = [...world.users.values()].sort((a, b) => a.uid - b.uid);
    // User rows carry every number as a string (vendors/sitefactory.md §1).
    return ok({
      count: users.length,
      users: pageOf(users, page).map((user) => ({
        uid: String(user.uid),
        name: user.name,
        mail: user.mail,
        created: String(user.created),
        access: String(user.created + 3600),
        status: 'active',
        tfa_status: 'disabled',
        roles: user.roles,
      })),
    });
  });

  router.get('/api/v1/users/:user_id', (request) => {
    const user = requireUser(request);
    return ok({
      uid: String(user.uid),
      name: user.name,
      mail: user.mail,
      created: String(user.created),
      login: String(user.created + 3600),
      status: '1',
      roles: user.roles,
      tfa_status: 'disabled',
    });
  });

  router.delete('/api/v1/users/all/api-keys', (request) => {
    const now = clock.now();
    const caller = callerOf(context, request);
    if (!isAdmin(caller)) return fail(403, 'Forbidden: Only platform admins may regenerate every API key.', now);
    context.recordExecution('api-keys.reset-all', request);
    const task = startTask(context, {
      kind: 'other',
      name: 'Regenerate API keys',
      groupName: 'ApiKeys factory',
      className: 'Acquia\\SfUser\\ApiKeyRegenerate',
      nid: 0,
      uid: caller.uid,
      failure: 'the keys could not be stored',
      onSuccess: () => {
        for (const user of world.users.values()) user.apiKey = newKey();
      },
    });
    return ok({ message: 'Every API key will be regenerated.', server_time: phpTime(now), task_id: task.id });
  });

  router.delete('/api/v1/users/:user_id/api-keys', (request) => {
    const now = clock.now();
    const user = requireUser(request);
    const caller = callerOf(context, request);
    if (caller.uid !== user.uid && !isAdmin(caller)) {
      return fail(403, "Forbidden: Only platform admins may regenerate another user's API key.", now);
    }
    user.apiKey = newKey();
    context.recordExecution('api-keys.reset', request);
    return ok({ message: `The API key of ${user.name} has been regenerated.`, server_time: phpTime(now) });
  });

  function requireUser(request: SimRequest): SimUser {
    const now = clock.now();
    const id = idParam(request, 'user_id', now);
    const user = world.users.get(id);
    if (!user) return notFound(`Could not find user ${id}.`, now);
    return user;
  }
}
