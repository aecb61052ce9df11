import type { SimRouter } from '@omnihost/core/testing';
import { createServer, destroyServer, powerAction, rebuild } from '../operations.js';
import type { SimVirtualServer } from '../records.js';
import { flagParam, intParam, paramsFor, textParam } from '../request-params.js';
import { document, noContent } from '../responses.js';
import { diskView, serverView, statusView, transactionView } from '../wire.js';
import {
  invalidFields,
  notFoundWith,
  type OnAppRequest,
  on,
  pageOf,
  type RouteContext,
  serverParam,
  unprocessable,
  withHeaders,
} from './context.js';

/**
 * `/virtual_machines`: list (paged as configured), status, create, show, edit, delete, the power actions,
 * build/rebuild, the server's transactions and disks (vendors/onapp.md §2). Every action answers
 * "201 Scheduled" with the server, never a transaction id.
 * @internal
 */
export function serverRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;
  const vs = (request: OnAppRequest, status: number, server: SimVirtualServer) =>
    document(request.wire, status, 'virtual_machine', serverView(world, server));

  on(
    router,
    context,
    'GET',
    '/virtual_machines',
    (request) => {
      const q = request.query.get('q')?.toLowerCase();
      const all = [...world.servers.values()].filter((server) => !q || server.label.toLowerCase().includes(q));
      const paging = context.serverListPaging;
      const page =
        paging === 'ignored' ? { items: all, headers: {} } : pageOf(request, all, undefined, paging === 'paged');
      const views = page.items.map((server) => serverView(world, server));
      return withHeaders(document(request.wire, 200, 'virtual_machines', views), page.headers);
    },
    { paged: true },
  );

  on(router, context, 'GET', '/virtual_machines/status', (request) =>
    document(
      request.wire,
      200,
      'virtual_machines',
      [...world.servers.values()].map((server) => statusView(world, server)),
    ),
  );

  on(router, context, 'POST', '/virtual_machines', (request) => {
    const params = paramsFor(request, 'virtual_machine');
    const errors: Record<string, string[]> = {};
    const required = (field: string, value: unknown) => {
      if (value === undefined || value === null || value === '') errors[field] = ["can't be blank"];
    };
    const label = textParam(params.label);
    const hostname = textParam(params.hostname);
    const memory = intParam(params.memory);
    const cpus = intParam(params.cpus);
    const primaryDiskSize = intParam(params.primary_disk_size);
    const templateId = intParam(params.template_id);
    required('label', label);
    required('hostname', hostname);
    required('memory', memory);
    required('cpus', cpus);
    required('primary_disk_size', primaryDiskSize);
    required('template_id', templateId);
    const template = templateId === undefined ? undefined : world.templates.get(templateId);
    if (templateId !== undefined && template?.state !== 'active') errors.template_id = ['is not included in the list'];
    if (hostname && !/^[A-Za-z0-9-]{1,63}$/.test(hostname)) errors.hostname = ['is invalid'];
    if (memory !== undefined && memory < (template?.minMemorySize ?? 128)) {
      errors.memory = [`must be greater than or equal to ${template?.minMemorySize ?? 128}`];
    }
    if (Object.keys(errors).length > 0 || !template) throw invalidFields(request, errors);
    context.recordExecution('virtual_machine.create', request.callId);
    const { server } = createServer(
      world,
      template,
      {
        label: label as string,
        hostname: hostname as string,
        domain: textParam(params.domain) ?? 'localdomain',
        memory: memory as number,
        cpus: cpus as number,
        cpuShares: intParam(params.cpu_shares) ?? 100,
        primaryDiskSize: primaryDiskSize as number,
        swapDiskSize: template.operatingSystem === 'windows' ? 0 : (intParam(params.swap_disk_size) ?? 1),
        initialRootPassword: textParam(params.initial_root_password) ?? world.identifier().slice(0, 12),
        build: flagParam(params.required_virtual_machine_build) !== false,
        startup: flagParam(params.required_virtual_machine_startup) !== false,
      },
      request.callId,
    );
    return vs(request, 201, server);
  });

  on(router, context, 'GET', '/virtual_machines/:id', (request) => vs(request, 200, serverParam(context, request)));

  on(router, context, 'PUT', '/virtual_machines/:id', (request) => {
    const server = serverParam(context, request);
    const params = paramsFor(request, 'virtual_machine');
    const errors: Record<string, string[]> = {};
    const label = params.label === undefined ? undefined : textParam(params.label);
    const memory = params.memory === undefined ? undefined : intParam(params.memory);
    const cpus = params.cpus === undefined ? undefined : intParam(params.cpus);
    if (label === null || label === '') errors.label = ["can't be blank"];
    if (params.memory !== undefined && (memory === undefined || memory < 128)) errors.memory = ['is invalid'];
    if (params.cpus !== undefined && (cpus === undefined || cpus < 1)) errors.cpus = ['is invalid'];
    if (Object.keys(errors).length > 0) throw invalidFields(request, errors);
    context.recordExecution('virtual_machine.edit', request.callId);
    if (label) server.label = label;
    if (memory !== undefined) server.memory = memory;
    if (cpus !== undefined) server.cpus = cpus;
    if (params.note !== undefined) server.note = textParam(params.note);
    server.updatedAt = new Date(world.now());
    return noContent();
  });

  on(router, context, 'DELETE', '/virtual_machines/:id', (request) => {
    const server = serverParam(context, request);
    context.recordExecution('virtual_machine.delete', request.callId);
    destroyServer(world, server, flagParam(request.query.get('destroy_all_backups')) === true, request.callId);
    return noContent();
  });

  // The docs show a one-element list; servermania's copy a bare object (vendors/onapp.md §2.2).
  on(router, context, 'GET', '/virtual_machines/:id/status', (request) =>
    document(request.wire, 200, 'virtual_machines', [statusView(world, serverParam(context, request))]),
  );

  for (const action of ['startup', 'shutdown', 'stop', 'reboot'] as const) {
    on(router, context, 'POST', `/virtual_machines/:id/${action}`, (request) => {
      const server = serverParam(context, request);
      if (server.suspended) throw unprocessable(request, 'Virtual server is suspended');
      // "404 … also used for an action on a VS that isn't online" (superb.net stop page).
      if (action !== 'startup' && !server.booted) throw notFoundWith(request, "Virtual server isn't online");
      context.recordExecution(`virtual_machine.${action}`, request.callId);
      powerAction(world, server, action, request.callId);
      return vs(request, 201, server);
    });
  }

  on(router, context, 'POST', '/virtual_machines/:id/build', (request) => {
    const server = serverParam(context, request);
    const params = paramsFor(request, 'virtual_machine');
    const templateId = intParam(params.template_id) ?? server.templateId;
    const template = world.templates.get(templateId);
    if (template?.state !== 'active') {
      throw invalidFields(request, { template_id: ['is not included in the list'] });
    }
    if (server.suspended) throw unprocessable(request, 'Virtual server is suspended');
    context.recordExecution('virtual_machine.build', request.callId);
    rebuild(world, server, template, flagParam(params.required_startup) !== false, request.callId);
    return vs(request, 201, server);
  });

  on(
    router,
    context,
    'GET',
    '/virtual_machines/:id/transactions',
    (request) => {
      const server = serverParam(context, request);
      const page = pageOf(request, world.transactionsOf(server.id), 10);
      const views = page.items.map((transaction) => transactionView(transaction, false));
      return withHeaders(document(request.wire, 200, 'transactions', views), page.headers);
    },
    { paged: true },
  );

  on(router, context, 'GET', '/virtual_machines/:id/disks', (request) => {
    const server = serverParam(context, request);
    return document(
      request.wire,
      200,
      'disks',
      world.disksOf(server.id).map((disk) => diskView(world, disk)),
    );
  });
}
