import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { ownerName } from '../fleet.js';
import { pageOf, readPage } from '../paging.js';
import {
  badRequest,
  fail,
  idList,
  jsonBody,
  ok,
  optionalBool,
  optionalInt,
  optionalString,
  phpTime,
  queryFlag,
  requiredString,
  unixSeconds,
} from '../wire.js';
import type { SimSite } from '../world.js';
import { callerOf, type RouteContext, requireSite, startTask, wipGroup } from './context.js';
import { serviceDisabled } from './status.js';

/** A row of `GET /api/v1/sites` (and of a group's site list). */
export function siteRow(context: RouteContext, site: SimSite, showCustomDomain = false) {
  const collection = site.collectionId === undefined ? undefined : context.world.collections.get(site.collectionId);
  return {
    id: site.id,
    created: site.created,
    owner: ownerName(context.world, site.ownerUid),
    site: site.name,
    db_name: site.dbName,
    stack_id: site.stackId,
    domain: (showCustomDomain ? site.customDomains[0] : undefined) ?? site.standardDomain,
    groups: site.groups,
    site_collection: collection ? collection.id : false,
    is_primary: collection ? collection.primarySite === site.id : true,
  };
}

/** `GET /api/v1/sites/{id}`. */
function siteDetail(context: RouteContext, site: SimSite) {
  const collection = site.collectionId === undefined ? undefined : context.world.collections.get(site.collectionId);
  return {
    id: site.id,
    created: site.created,
    owner: ownerName(context.world, site.ownerUid),
    site: site.name,
    stack_id: site.stackId,
    db_name: site.dbName,
    domains: [site.standardDomain, ...site.customDomains],
    groups: site.groups,
    part_of_collection: collection !== undefined,
    is_primary: collection ? collection.primarySite === site.id : true,
    ...(collection
      ? {
          collection_id: collection.id,
          collection_domains: [collection.internalDomain, ...collection.externalDomains],
        }
      : {}),
    ...(site.externalTheme ? { external_theme: site.externalTheme } : {}),
  };
}

/** Site names are lowercase letters and digits: they become the site's subdomain and database prefix. */
const SITE_NAME = /^[a-z0-9]{1,50}$/;

/** Sites: list (paged, filtered), details, create, duplicate, delete, cache clear, external themes, ownership. */
export function registerSiteRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;

  router.get('/api/v1/sites', (request) => {
    const now = clock.now();
    const page = readPage(request, 'get_Sites_getSites', now);
    const sites = filterSites(context, request, now);
    const showCustom = queryFlag(request, 'show_custom_domain');
    return ok({ count: sites.length, sites: pageOf(sites, page).map((site) => siteRow(context, site, showCustom)) });
  });

  router.get('/api/v1/sites/:site_id', (request) => ok(siteDetail(context, requireSite(context, request))));

  router.post('/api/v1/sites', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const name = requiredString(body, 'site_name', now);
    const groups = idList(body.group_ids, 'group_ids', now);
    const stackId = optionalInt(body.stack_id, 'stack_id', now);
    if (serviceDisabled(context, 'site_creation')) return fail(403, 'Forbidden: Site creation is disabled.', now);
    const site = newSite(context, name, groups, stackId, now);
    context.recordExecution('site.create', request);
    const task = startTask(context, {
      group: 'other',
      name: `SiteInstall ${site.name}`,
      groupName: wipGroup(context, 'SiteInstall', site.stackId),
      className: 'Acquia\\SfSite\\SiteInstall',
      nid: site.id,
      uid: callerOf(context, request).uid,
      failure: 'the installation profile could not be installed',
      onSuccess: () => {
        site.complete = true;
      },
      onFailure: () => world.sites.delete(site.id),
    });
    return ok({ id: site.id, site: site.name, domains: [site.standardDomain], task_id: task.id });
  });

  router.post('/api/v1/sites/:site_id/duplicate', (request) => {
    const now = clock.now();
    const source = requireSite(context, request);
    const body = jsonBody(request, now);
    const name = requiredString(body, 'site_name', now);
    const groups = body.group_ids === undefined ? source.groups : idList(body.group_ids, 'group_ids', now);
    optionalBool(body, 'exact_copy', now);
    if (serviceDisabled(context, 'site_duplication')) return fail(403, 'Forbidden: Site duplication is disabled.', now);
    const site = newSite(context, name, groups, source.stackId, now);
    context.recordExecution('site.duplicate', request);
    startTask(context, {
      group: 'other',
      name: `SiteDuplicate ${source.name} to ${site.name}`,
      groupName: wipGroup(context, 'SiteDuplicate', site.stackId),
      className: 'Acquia\\SfSite\\SiteDuplicate',
      nid: site.id,
      uid: callerOf(context, request).uid,
      failure: 'the source database could not be copied',
      onSuccess: () => {
        site.complete = true;
      },
      onFailure: () => world.sites.delete(site.id),
    });
    return ok({ id: site.id, site: site.name });
  });

  router.delete('/api/v1/sites/:site_id', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    if (site.deleting) return badRequest(`Site ${site.id} is already being deleted.`, now);
    site.deleting = true;
    context.recordExecution('site.delete', request);
    const task = startTask(context, {
      group: 'other',
      name: `SiteDelete ${site.name}`,
      groupName: wipGroup(context, 'SiteDelete', site.stackId),
      className: 'Acquia\\SfSite\\SiteDelete',
      nid: site.id,
      uid: callerOf(context, request).uid,
      failure: 'the site database could not be dropped',
      onSuccess: () => {
        world.sites.delete(site.id);
        world.backups.delete(site.id);
        for (const collection of world.collections.values()) {
          collection.sites = collection.sites.filter((id) => id !== site.id);
        }
      },
      onFailure: () => {
        site.deleting = false;
      },
    });
    return ok({
      id: site.id,
      owner: ownerName(world, site.ownerUid),
      site: site.name,
      time: phpTime(now),
      task_id: task.id,
    });
  });

  router.post('/api/v1/sites/:site_id/cache-clear', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    jsonBody(request, now);
    context.recordExecution('site.cache-clear', request);
    const uid = callerOf(context, request).uid;
    // Two WIP tasks: Drupal's caches, and the Varnish purge (the only Varnish endpoint, §2.5).
    const drupal = startTask(context, {
      group: 'other',
      name: `CacheClear ${site.name}`,
      groupName: wipGroup(context, 'CacheClear', site.stackId),
      className: 'Acquia\\Sf\\SfDrushCommandWip',
      nid: site.id,
      uid,
      failure: 'drush cache-rebuild exited with status 1',
    });
    const varnish = startTask(context, {
      group: 'other',
      name: `VarnishPurge ${site.name}`,
      groupName: wipGroup(context, 'VarnishPurge', site.stackId),
      className: 'Acquia\\Sf\\SfVarnishPurge',
      nid: site.id,
      uid,
      durationKind: 'varnish-purge',
      failure: 'the Varnish ban request was refused',
    });
    return ok({
      id: site.id,
      time: phpTime(now),
      task_ids: { drupal_cache_clear: drupal.id, varnish_cache_clear: varnish.id },
    });
  });

  router.put('/api/v1/sites/:site_id/external-theme', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const body = jsonBody(request, now);
    const vcsPath = requiredString(body, 'vcs_path', now);
    const vcsUrl = optionalString(body, 'vcs_url', now) ?? site.externalTheme?.vcs_url;
    if (!vcsUrl) return badRequest('vcs_url is required when the site has no external theme yet.', now);
    site.externalTheme = { vcs_url: vcsUrl, vcs_path: vcsPath };
    context.recordExecution('site.external-theme', request);
    return ok({ id: site.id, vcs_url: vcsUrl, vcs_path: vcsPath, time: phpTime(now) });
  });

  router.delete('/api/v1/sites/:site_id/external-theme', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    if (!site.externalTheme) return badRequest(`Site ${site.id} has no external theme.`, now);
    site.externalTheme = undefined;
    context.recordExecution('site.external-theme-delete', request);
    return ok({ id: site.id, accepted: true, time: phpTime(now) });
  });

  router.post('/api/v1/sites/:site_id/external-theme-refresh', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    jsonBody(request, now);
    if (!site.externalTheme) return badRequest(`Site ${site.id} has no external theme.`, now);
    context.recordExecution('site.external-theme-refresh', request);
    return ok({ id: site.id, accepted: true, time: phpTime(now) });
  });

  router.post('/api/v1/site-ownership/:site_id', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const body = jsonBody(request, now);
    const username = optionalString(body, 'username', now);
    const email = optionalString(body, 'email', now);
    if (!username && !email) return badRequest('Either username or email is required.', now);
    const user = [...world.users.values()].find((candidate) =>
      username ? candidate.name === username : candidate.mail === email,
    );
    if (!user) return badRequest('The new owner is not a user of this factory.', now);
    context.recordExecution('site.ownership', request);
    if (optionalBool(body, 'force_transfer', now)) {
      site.ownerUid = user.uid;
      return ok({ message: `The site ownership has been transferred to ${user.name}.` });
    }
    return ok({ message: `An e-mail was sent to ${user.mail} to confirm the site ownership transfer.` });
  });

  function newSite(
    ctx: RouteContext,
    name: string,
    groups: number[],
    stackId: number | undefined,
    now: number,
  ): SimSite {
    if (!SITE_NAME.test(name)) return badRequest('The site name may only hold lowercase letters and digits.', now);
    if ([...world.sites.values()].some((site) => site.name === name)) {
      return badRequest(`The site name ${name} is already taken.`, now);
    }
    for (const id of groups) if (!world.groups.has(id)) return badRequest(`Group ${id} does not exist.`, now);
    if (stackId === undefined && world.stacks.size > 1) {
      return badRequest('stack_id is required on a factory with more than one stack.', now);
    }
    const stack = stackId ?? 1;
    if (!world.stacks.has(stack)) return badRequest(`Stack ${stack} does not exist.`, now);
    const site: SimSite = {
      id: world.nodeId(),
      name,
      dbName: `db${name.slice(0, 20)}${world.sites.size}`,
      stackId: stack,
      created: unixSeconds(now),
      ownerUid: 31,
      groups,
      collectionId: undefined,
      standardDomain: `${name}.${ctx.world.factoryName}.acsitefactory.com`,
      customDomains: [],
      externalTheme: undefined,
      complete: false,
      deleting: false,
    };
    world.sites.set(site.id, site);
    return site;
  }
}

/** The sites a list request asks for, ordered by node id. */
function filterSites(context: RouteContext, request: SimRequest, now: number): SimSite[] {
  const stackId = optionalInt(request.query.get('stack_id') ?? undefined, 'stack_id', now);
  const contains = request.query.get('domain_contains');
  const notContains = request.query.get('domain_not_contains');
  const owners = request.query
    .getAll('site_owner')
    .flatMap((value) => value.split(','))
    .filter(Boolean)
    .map((value) => optionalInt(value, 'site_owner', now));
  const showIncomplete = queryFlag(request, 'show_incomplete');
  const customOnly = queryFlag(request, 'has_custom_domain');
  // One pass, and a sort only when ids are out of order: benchmarks page through a million sites, and a
  // copy-filter-sort per request made that quadratic.
  const matched: SimSite[] = [];
  let ordered = true;
  for (const site of context.world.sites.values()) {
    if (!showIncomplete && !site.complete) continue;
    if (stackId !== undefined && site.stackId !== stackId) continue;
    if (contains && !site.standardDomain.includes(contains)) continue;
    if (notContains && site.standardDomain.includes(notContains)) continue;
    if (customOnly && site.customDomains.length === 0) continue;
    if (owners.length > 0 && !owners.includes(site.ownerUid)) continue;
    if (matched.length > 0 && (matched[matched.length - 1] as SimSite).id > site.id) ordered = false;
    matched.push(site);
  }
  return ordered ? matched : matched.sort((a, b) => a.id - b.id);
}
