import type { SimRequest, SimRouter } from '@omnihost/core/testing';
import { pageOf, readPage } from '../paging.js';
import { badRequest, fail, idParam, jsonBody, notFound, ok, phpTime, requiredString } from '../wire.js';
import type { RouteContext } from './context.js';
import { serviceDisabled } from './status.js';

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Domains: every domain, a node's domains, a domain's status, add and remove custom domains. */
export function registerDomainRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;
  const requireNode = (request: SimRequest) => {
    const now = clock.now();
    const id = idParam(request, 'node_id', now);
    const site = world.sites.get(id);
    const collection = world.collections.get(id);
    if (!site && !collection) return notFound(`Could not find a site or site collection with node ID ${id}.`, now);
    return { id, site, collection, type: site ? 'site' : 'site collection' };
  };

  router.get('/api/v1/domains', (request) => {
    const page = readPage(request, 'get_Domains_getAllDomains', clock.now());
    const nodes = [...world.sites.keys(), ...world.collections.keys()].sort((a, b) => a - b);
    const domains = nodes.flatMap((nid) => world.domainsOf(nid).map((entry) => ({ nid, ...entry })));
    return ok({ count: domains.length, domains: pageOf(domains, page) });
  });

  router.get('/api/v1/domains/status/:domain_name', (request) => {
    const now = clock.now();
    const domain = (request.params.domain_name ?? '').toLowerCase();
    const nodeId = world.nodeOfDomain(domain);
    if (nodeId === undefined) return ok({ domain_name: domain, associated_status: 'unregistered', time: phpTime(now) });
    const site = world.sites.get(nodeId);
    const collection = world.collections.get(nodeId);
    const stackId = site?.stackId ?? world.sites.get(collection?.primarySite ?? 0)?.stackId ?? 1;
    return ok({
      domain_name: domain,
      associated_status: 'registered',
      node_id: nodeId,
      node_type: site ? 'site' : 'site collection',
      stack_id: stackId,
      time: phpTime(now),
    });
  });

  router.get('/api/v1/domains/:node_id', (request) => {
    const node = requireNode(request);
    const entries = world.domainsOf(node.id);
    return ok({
      node_id: node.id,
      node_type: node.type,
      time: phpTime(clock.now()),
      domains: {
        protected_domains: entries.filter((entry) => entry.readonly).map((entry) => entry.domain),
        custom_domains: entries.filter((entry) => !entry.readonly).map((entry) => entry.domain),
      },
    });
  });

  router.post('/api/v1/domains/:node_id/add', (request) => {
    const now = clock.now();
    const node = requireNode(request);
    const domain = requiredString(jsonBody(request, now), 'domain_name', now).trim().toLowerCase();
    if (serviceDisabled(context, 'domain_management'))
      return fail(403, 'Forbidden: Domain management is disabled.', now);
    if (!HOST_NAME.test(domain)) return badRequest(`${domain} is not a valid domain name.`, now);
    if (world.nodeOfDomain(domain) !== undefined) return badRequest(`${domain} is already in use.`, now);
    if (node.site) node.site.customDomains.push(domain);
    else node.collection?.externalDomains.push(domain);
    context.recordExecution('domain.add', request);
    return ok({
      node_id: node.id,
      node_type: node.type,
      domain,
      time: phpTime(now),
      added: true,
      messages: [`Domain ${domain} was added to node ${node.id}.`],
    });
  });

  router.post('/api/v1/domains/:node_id/remove', (request) => {
    const now = clock.now();
    const node = requireNode(request);
    const domain = requiredString(jsonBody(request, now), 'domain_name', now).trim().toLowerCase();
    if (serviceDisabled(context, 'domain_management'))
      return fail(403, 'Forbidden: Domain management is disabled.', now);
    const entry = world.domainsOf(node.id).find((candidate) => candidate.domain === domain);
    if (!entry) return badRequest(`${domain} is not a domain of node ${node.id}.`, now);
    if (entry.readonly) return badRequest(`${domain} is a protected domain and cannot be removed.`, now);
    if (node.site) node.site.customDomains = node.site.customDomains.filter((value) => value !== domain);
    if (node.collection) {
      node.collection.externalDomains = node.collection.externalDomains.filter((value) => value !== domain);
    }
    context.recordExecution('domain.remove', request);
    return ok({
      node_id: node.id,
      node_type: node.type,
      domain,
      time: phpTime(now),
      removed: true,
      message: `Domain ${domain} was removed from node ${node.id}.`,
    });
  });
}
