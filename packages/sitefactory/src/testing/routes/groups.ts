import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { ownerName } from '../fleet.js';
import { pageOf, readPage } from '../paging.js';
import {
  badRequest,
  idList,
  idParam,
  jsonBody,
  notFound,
  ok,
  optionalInt,
  phpTime,
  requiredString,
  unixSeconds,
} from '../wire.js';
import type { SimGroup } from '../world.js';
import type { RouteContext } from './context.js';
import { siteRow } from './sites.js';

/** Groups: list, details, create, rename, delete; members and administrators; sites. */
export function registerGroupRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;
  const requireGroup = (request: SimRequest): SimGroup => {
    const now = clock.now();
    const id = idParam(request, 'group_id', now);
    const group = world.groups.get(id);
    if (!group) return notFound(`Could not find a group with node ID ${id}.`, now);
    return group;
  };
  const sitesOf = (group: SimGroup) =>
    world
      .liveSites()
      .filter((site) => site.groups.includes(group.id))
      .sort((a, b) => a.id - b.id);
  const groupRow = (group: SimGroup) => {
    const sites = sitesOf(group);
    return {
      group_name: group.name,
      group_id: group.id,
      owner: ownerName(world, group.ownerUid),
      owner_id: group.ownerUid,
      parent_name: world.groups.get(group.parentId)?.name ?? '',
      parent_id: group.parentId,
      status: 1,
      created: group.created,
      live_site_count: sites.length,
      total_site_count: [...world.sites.values()].filter((site) => site.groups.includes(group.id)).length,
    };
  };

  router.get('/api/v1/groups', (request) => {
    const page = readPage(request, 'get_Groups_getGroups', clock.now());
    const groups = [...world.groups.values()].sort((a, b) => a.id - b.id);
    return ok({ count: groups.length, groups: pageOf(groups, page).map(groupRow) });
  });

  router.get('/api/v1/groups/:group_id', (request) => ok(groupRow(requireGroup(request))));

  router.post('/api/v1/groups', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const name = requiredString(body, 'group_name', now);
    const parentId = optionalInt(body.parent_id, 'parent_id', now) ?? 0;
    if (parentId !== 0 && !world.groups.has(parentId)) return badRequest(`Group ${parentId} does not exist.`, now);
    const caller = context.auth.caller(request);
    const group: SimGroup = {
      id: world.nodeId(),
      name,
      ownerUid: caller.uid,
      parentId,
      created: unixSeconds(now),
      members: new Map([[caller.uid, true]]),
    };
    world.groups.set(group.id, group);
    context.recordExecution('group.create', request);
    return ok({ group_id: group.id, group_name: group.name });
  });

  router.put('/api/v1/groups/:group_id/update', (request) => {
    const now = clock.now();
    const group = requireGroup(request);
    group.name = requiredString(jsonBody(request, now), 'group_name', now);
    context.recordExecution('group.rename', request);
    return ok({ time: phpTime(now), group_id: group.id });
  });

  router.delete('/api/v1/groups/:group_id', (request) => {
    const now = clock.now();
    const group = requireGroup(request);
    world.groups.delete(group.id);
    for (const site of world.sites.values()) site.groups = site.groups.filter((id) => id !== group.id);
    context.recordExecution('group.delete', request);
    return ok({ time: phpTime(now), group_id: group.id });
  });

  router.get('/api/v1/groups/:group_id/members', (request) => {
    const now = clock.now();
    const group = requireGroup(request);
    const page = readPage(request, 'get_Groups_getMembers', now);
    const members = [...group.members.entries()].sort(([a], [b]) => a - b);
    return ok({
      time: phpTime(now),
      group_id: group.id,
      count: members.length,
      members: pageOf(members, page).map(([uid, admin]) => ({
        uid,
        'group owner': uid === group.ownerUid,
        'group administrator': admin,
      })),
    });
  });

  const changeMembers =
    (key: string, change: (group: SimGroup, uid: number) => boolean, kind: string) => (request: SimRequest) => {
      const now = clock.now();
      const group = requireGroup(request);
      const uids = idList(jsonBody(request, now).uids, 'uids', now);
      for (const uid of uids) if (!world.users.has(uid)) return badRequest(`User ${uid} does not exist.`, now);
      const changed = uids.filter((uid) => change(group, uid));
      context.recordExecution(kind, request);
      return ok({ time: phpTime(now), group_id: group.id, [key]: changed });
    };
  router.post(
    '/api/v1/groups/:group_id/members',
    changeMembers(
      'uids_added',
      (group, uid) => !group.members.has(uid) && Boolean(group.members.set(uid, false)),
      'group.members-add',
    ),
  );
  router.delete(
    '/api/v1/groups/:group_id/members',
    changeMembers(
      'uids_removed',
      (group, uid) => uid !== group.ownerUid && group.members.delete(uid),
      'group.members-remove',
    ),
  );
  router.post(
    '/api/v1/groups/:group_id/admins',
    changeMembers(
      'uids_promoted',
      (group, uid) => group.members.get(uid) !== true && Boolean(group.members.set(uid, true)),
      'group.admins-add',
    ),
  );
  router.delete(
    '/api/v1/groups/:group_id/admins',
    changeMembers(
      'uids_demoted',
      (group, uid) =>
        group.members.get(uid) === true && uid !== group.ownerUid && Boolean(group.members.set(uid, false)),
      'group.admins-remove',
    ),
  );

  router.get('/api/v1/groups/:group_id/sites', (request) => {
    const now = clock.now();
    const group = requireGroup(request);
    const page = readPage(request, 'get_Groups_getSites', now);
    const sites = sitesOf(group);
    return ok({
      time: phpTime(now),
      group_id: group.id,
      count: sites.length,
      sites: pageOf(sites, page).map((site) => {
        const { created: _created, owner: _owner, site_collection, ...row } = siteRow(context, site);
        return typeof site_collection === 'number' ? { ...row, site_collection } : row;
      }),
    });
  });

  const changeSites = (adding: boolean) => (request: SimRequest) => {
    const now = clock.now();
    const group = requireGroup(request);
    const ids = idList(jsonBody(request, now).site_ids, 'site_ids', now);
    const done: number[] = [];
    const skipped: number[] = [];
    for (const id of ids) {
      const site = world.sites.get(id);
      const member = site?.groups.includes(group.id) ?? false;
      if (!site || member === adding) {
        skipped.push(id);
        continue;
      }
      site.groups = adding ? [...site.groups, group.id] : site.groups.filter((gid) => gid !== group.id);
      done.push(id);
    }
    context.recordExecution(adding ? 'group.sites-add' : 'group.sites-remove', request);
    return ok({
      group_id: group.id,
      name: group.name,
      time: phpTime(now),
      [adding ? 'site_ids_added' : 'site_ids_removed']: done,
      message: `${done.length} site(s) ${adding ? 'added to' : 'removed from'} ${group.name}.`,
      site_ids_skipped: skipped,
    });
  };
  router.post('/api/v1/groups/:group_id/sites', changeSites(true));
  router.delete('/api/v1/groups/:group_id/sites', changeSites(false));
}
