import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { pageOf, readPage } from '../paging.js';
import {
  badRequest,
  fail,
  idParam,
  jsonBody,
  notFound,
  ok,
  optionalInt,
  optionalString,
  phpTime,
  requiredString,
  unixSeconds,
} from '../wire.js';
import { PLATFORM_ADMIN, type SimUser } from '../world.js';
import { callerOf, type RouteContext, startTask } from './context.js';

const MAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Users, their API keys, and roles. User rows carry every number as a string (`"uid":"31"`,
 * vendors/sitefactory.md §1); the single-user view says `status` `"1"`/`"0"`, the list `active`/`blocked`.
 * Only platform admins manage users and roles; anyone may regenerate their own key.
 */
export function registerUserRoutes(router: SimRouter, context: RouteContext, random: () => number): void {
  const { world, clock } = context;
  const newKey = () => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');
  const isAdmin = (user: SimUser) => Object.values(user.roles).includes(PLATFORM_ADMIN);
  const requireAdmin = (request: SimRequest, what: string) => {
    if (!isAdmin(callerOf(context, request))) fail(403, `Forbidden: Only platform admins may ${what}.`, clock.now());
  };
  const requireUser = (request: SimRequest): SimUser => {
    const now = clock.now();
    const id = idParam(request, 'user_id', now);
    const user = world.users.get(id);
    if (!user) return notFound(`Could not find user ${id}.`, now);
    return user;
  };
  const readRoles = (value: unknown, now: number): Record<string, string> => {
    const names = value === undefined ? [] : Array.isArray(value) ? value : [value];
    const roles: Record<string, string> = { '2': 'authenticated user' };
    for (const name of names) {
      const rid = [...world.roles.entries()].find(([, role]) => role === name)?.[0];
      if (rid === undefined) return badRequest(`Unknown role ${String(name)}.`, now);
      roles[String(rid)] = name as string;
    }
    return roles;
  };
  const readStatus = (value: unknown, now: number): boolean | undefined => {
    const status = optionalInt(value, 'status', now);
    if (status !== undefined && status !== 0 && status !== 1) return badRequest('status must be 0 or 1.', now);
    return status === undefined ? undefined : status === 0;
  };

  router.get('/api/v1/users', (request) => {
    const page = readPage(request, 'get_User_getUsers', clock.now());
    const users = [...world.users.values()].sort((a, b) => a.uid - b.uid);
    return ok({
      count: users.length,
      users: pageOf(users, page).map((user) => ({
        uid: String(user.uid),
        name: user.name,
        mail: user.mail,
        created: String(user.created),
        access: String(user.created + 3600),
        status: user.blocked ? 'blocked' : 'active',
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
      status: user.blocked ? '0' : '1',
      roles: user.roles,
      tfa_status: 'disabled',
    });
  });

  router.post('/api/v1/users', (request) => {
    const now = clock.now();
    requireAdmin(request, 'create users');
    const body = jsonBody(request, now);
    const name = requiredString(body, 'name', now);
    const mail = requiredString(body, 'mail', now);
    if (!MAIL.test(mail)) return badRequest(`${mail} is not an e-mail address.`, now);
    if ([...world.users.values()].some((user) => user.name === name || user.mail === mail)) {
      return badRequest('The name or e-mail address is already taken.', now);
    }
    const user: SimUser = {
      uid: Math.max(...world.users.keys()) + 10,
      name,
      mail,
      apiKey: newKey(),
      roles: readRoles(body.roles, now),
      created: unixSeconds(now),
      blocked: readStatus(body.status, now) ?? false,
    };
    world.users.set(user.uid, user);
    context.recordExecution('user.create', request);
    return ok({
      user_id: user.uid,
      user_name: user.name,
      user_mail: user.mail,
      user_status: user.blocked ? 'blocked' : 'active',
    });
  });

  router.put('/api/v1/users/:user_id/update', (request) => {
    const now = clock.now();
    requireAdmin(request, 'update users');
    const user = requireUser(request);
    const body = jsonBody(request, now);
    const mail = optionalString(body, 'mail', now);
    if (mail !== undefined && !MAIL.test(mail)) return badRequest(`${mail} is not an e-mail address.`, now);
    user.name = optionalString(body, 'name', now) ?? user.name;
    user.mail = mail ?? user.mail;
    if (body.roles !== undefined) user.roles = readRoles(body.roles, now);
    user.blocked = readStatus(body.status, now) ?? user.blocked;
    context.recordExecution('user.update', request);
    return ok({ user_id: user.uid, updated: true });
  });

  router.delete('/api/v1/users/:user_id', (request) => {
    const now = clock.now();
    requireAdmin(request, 'delete users');
    const user = requireUser(request);
    if (user.uid === callerOf(context, request).uid) return badRequest('You cannot delete your own account.', now);
    world.users.delete(user.uid);
    context.recordExecution('user.delete', request);
    return ok({ user_id: user.uid, deleted: true });
  });

  router.delete('/api/v1/users/all/api-keys', (request) => {
    const now = clock.now();
    requireAdmin(request, 'regenerate every API key');
    context.recordExecution('api-keys.reset-all', request);
    const task = startTask(context, {
      group: 'other',
      name: 'Regenerate API keys',
      groupName: 'ApiKeys factory',
      className: 'Acquia\\SfUser\\ApiKeyRegenerate',
      nid: 0,
      uid: callerOf(context, request).uid,
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
    if (user.uid !== callerOf(context, request).uid) requireAdmin(request, "regenerate another user's API key");
    user.apiKey = newKey();
    context.recordExecution('api-keys.reset', request);
    return ok({ message: `The API key of ${user.name} has been regenerated.`, server_time: phpTime(now) });
  });

  router.get('/api/v1/roles', (request) => {
    const now = clock.now();
    const page = readPage(request, 'get_Role_getRoles', now);
    const order = (request.query.get('order') ?? 'ASC').toUpperCase();
    if (order !== 'ASC' && order !== 'DESC') return badRequest('order must be ASC or DESC.', now);
    const roles = [...world.roles.entries()].sort(([a], [b]) => (order === 'ASC' ? a - b : b - a));
    // A map rid → name, not a list (vendors/sitefactory.md §5).
    return ok({
      count: roles.length,
      roles: Object.fromEntries(pageOf(roles, page).map(([rid, name]) => [rid, name])),
    });
  });

  const requireRole = (request: SimRequest): [number, string] => {
    const now = clock.now();
    const rid = idParam(request, 'role_id', now);
    const name = world.roles.get(rid);
    if (name === undefined) return notFound(`Could not find role ${rid}.`, now);
    return [rid, name];
  };

  router.get('/api/v1/roles/:role_id', (request) => {
    const [rid, name] = requireRole(request);
    return ok({ rid, name });
  });

  router.post('/api/v1/roles', (request) => {
    const now = clock.now();
    requireAdmin(request, 'create roles');
    const name = requiredString(jsonBody(request, now), 'name', now);
    if ([...world.roles.values()].includes(name)) return badRequest(`The role ${name} already exists.`, now);
    const rid = Math.max(...world.roles.keys()) + 1;
    world.roles.set(rid, name);
    context.recordExecution('role.create', request);
    return ok({ role_id: rid, role_name: name });
  });

  router.put('/api/v1/roles/:role_id/update', (request) => {
    const now = clock.now();
    requireAdmin(request, 'rename roles');
    const [rid, old] = requireRole(request);
    const name = requiredString(jsonBody(request, now), 'new_name', now);
    world.roles.set(rid, name);
    for (const user of world.users.values()) if (user.roles[String(rid)] === old) user.roles[String(rid)] = name;
    context.recordExecution('role.update', request);
    return ok({ role_id: rid, updated: true });
  });

  router.delete('/api/v1/roles/:role_id', (request) => {
    const now = clock.now();
    requireAdmin(request, 'delete roles');
    const [rid, name] = requireRole(request);
    if (name === PLATFORM_ADMIN || name === 'authenticated user') return badRequest(`The role ${name} is locked.`, now);
    world.roles.delete(rid);
    for (const user of world.users.values()) delete user.roles[String(rid)];
    context.recordExecution('role.delete', request);
    return ok({ role_id: rid, deleted: true });
  });
}
