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
  optionalString,
  phpTime,
  queryFlag,
  requiredString,
  unixSeconds,
} from '../wire.js';
import type { SimCollection } from '../world.js';
import type { RouteContext } from './context.js';

/** Site collections: list, details, create, delete, add and remove sites, set the primary site. */
export function registerCollectionRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;
  const requireCollection = (request: SimRequest): SimCollection => {
    const now = clock.now();
    const id = idParam(request, 'collection_id', now);
    const collection = world.collections.get(id);
    if (!collection) return notFound(`Could not find a site collection with node ID ${id}.`, now);
    return collection;
  };
  const setMembership = (collection: SimCollection) => {
    for (const site of world.sites.values()) {
      if (collection.sites.includes(site.id)) site.collectionId = collection.id;
      else if (site.collectionId === collection.id) site.collectionId = undefined;
    }
  };

  router.get('/api/v1/collections', (request) => {
    const now = clock.now();
    const page = readPage(request, 'get_SiteCollections_getCollections', now);
    const removeEmpty = queryFlag(request, 'remove_empty');
    const collections = [...world.collections.values()]
      .filter((collection) => !removeEmpty || collection.sites.some((id) => world.sites.get(id)?.complete))
      .sort((a, b) => a.id - b.id);
    return ok({
      count: collections.length,
      time: phpTime(now),
      collections: pageOf(collections, page).map((collection) => ({
        id: collection.id,
        name: collection.name,
        internal_domain: collection.internalDomain,
        primary_site: collection.primarySite,
        site_count: collection.sites.length,
        groups: collection.groups,
        customer_standard_domains: [],
        external_domains: collection.externalDomains,
      })),
    });
  });

  router.get('/api/v1/collections/:collection_id', (request) => {
    const collection = requireCollection(request);
    return ok({
      id: collection.id,
      time: phpTime(clock.now()),
      created: collection.created,
      owner: ownerName(world, collection.ownerUid),
      name: collection.name,
      internal_domain: collection.internalDomain,
      external_domains: collection.externalDomains,
      groups: collection.groups,
      sites: collection.sites,
      primary_site: collection.primarySite,
    });
  });

  router.post('/api/v1/collections', (request) => {
    const now = clock.now();
    const body = jsonBody(request, now);
    const name = requiredString(body, 'name', now);
    const siteIds = idList(body.site_ids, 'site_ids', now);
    const groupIds = idList(body.group_ids, 'group_ids', now);
    const prefix = optionalString(body, 'internal_domain_prefix', now) ?? name;
    for (const id of siteIds) {
      const site = world.sites.get(id);
      if (!site) return badRequest(`Site ${id} does not exist.`, now);
      if (site.collectionId !== undefined) return badRequest(`Site ${id} is already in a site collection.`, now);
    }
    for (const id of groupIds) if (!world.groups.has(id)) return badRequest(`Group ${id} does not exist.`, now);
    const collection: SimCollection = {
      id: world.nodeId(),
      name,
      internalDomain: `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, '')}.${world.factoryName}.acsitefactory.com`,
      ownerUid: context.auth.caller(request).uid,
      created: unixSeconds(now),
      sites: siteIds,
      groups: groupIds,
      primarySite: siteIds[0] ?? 0,
      externalDomains: [],
    };
    world.collections.set(collection.id, collection);
    setMembership(collection);
    context.recordExecution('collection.create', request);
    return ok({ id: collection.id, name, time: phpTime(now), internal_domain: collection.internalDomain });
  });

  router.delete('/api/v1/collections/:collection_id', (request) => {
    const now = clock.now();
    const collection = requireCollection(request);
    world.collections.delete(collection.id);
    collection.sites = [];
    setMembership(collection);
    context.recordExecution('collection.delete', request);
    return ok({ id: collection.id, time: phpTime(now), deleted: true, message: `${collection.name} was deleted.` });
  });

  router.post('/api/v1/collections/:collection_id/add', (request) => {
    const now = clock.now();
    const collection = requireCollection(request);
    const ids = idList(jsonBody(request, now).site_ids, 'site_ids', now);
    const added: number[] = [];
    const skipped: number[] = [];
    const warnings: string[] = [];
    for (const id of ids) {
      const site = world.sites.get(id);
      if (!site || site.collectionId !== undefined) {
        skipped.push(id);
        warnings.push(site ? `Site ${id} is already in a site collection.` : `Site ${id} does not exist.`);
        continue;
      }
      collection.sites.push(id);
      added.push(id);
    }
    setMembership(collection);
    context.recordExecution('collection.add', request);
    return ok({
      id: collection.id,
      name: collection.name,
      time: phpTime(now),
      site_ids_added: added,
      added: added.length > 0,
      message: `${added.length} site(s) added to ${collection.name}.`,
      ...(warnings.length > 0 ? { warning: warnings, site_ids_skipped: skipped } : {}),
    });
  });

  router.post('/api/v1/collections/:collection_id/remove', (request) => {
    const now = clock.now();
    const collection = requireCollection(request);
    const ids = idList(jsonBody(request, now).site_ids, 'site_ids', now);
    const removed = ids.filter((id) => collection.sites.includes(id));
    collection.sites = collection.sites.filter((id) => !removed.includes(id));
    if (removed.includes(collection.primarySite)) collection.primarySite = collection.sites[0] ?? 0;
    setMembership(collection);
    context.recordExecution('collection.remove', request);
    return ok({
      id: collection.id,
      name: collection.name,
      time: phpTime(now),
      site_ids_removed: removed,
      removed: removed.length > 0,
      message: `${removed.length} site(s) removed from ${collection.name}.`,
    });
  });

  router.post('/api/v1/collections/:collection_id/set-primary', (request) => {
    const now = clock.now();
    const collection = requireCollection(request);
    const siteId = optionalInt(jsonBody(request, now).site_id, 'site_id', now);
    if (siteId === undefined) return badRequest('Missing required parameter site_id.', now);
    if (!collection.sites.includes(siteId)) return badRequest(`Site ${siteId} is not in ${collection.name}.`, now);
    const switched = collection.primarySite !== siteId;
    collection.primarySite = siteId;
    context.recordExecution('collection.set-primary', request);
    return ok({
      id: collection.id,
      name: collection.name,
      time: phpTime(now),
      primary_site_id: siteId,
      switched,
      message: switched ? `Site ${siteId} is now the primary site.` : `Site ${siteId} already was the primary site.`,
    });
  });
}
