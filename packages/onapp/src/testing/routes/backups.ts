import type { SimRouter } from '@omnihost/core/testing';
import { convertBackup, destroyBackup, restoreBackup, takeBackup } from '../operations.js';
import type { SimBackup, SimDisk } from '../records.js';
import { paramsFor, textParam } from '../request-params.js';
import { document, noContent } from '../responses.js';
import { backupView, diskView, templateView } from '../wire.js';
import {
  invalidFields,
  notFound,
  type OnAppRequest,
  on,
  type RouteContext,
  serverParam,
  unprocessable,
} from './context.js';

/**
 * Backups of both kinds and disks (vendors/onapp.md §3): lists per server (all, images, files) and per
 * disk, create (normal per disk, incremental per server), show, restore, delete, convert to template.
 * @internal
 */
export function backupRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;
  const list = (request: OnAppRequest, backups: readonly SimBackup[]) =>
    document(
      request.wire,
      200,
      'backups',
      [...backups].sort((a, b) => b.id - a.id).map((backup) => backupView(backup, context.style)),
    );
  const one = (request: OnAppRequest, status: number, backup: SimBackup) =>
    document(request.wire, status, 'backup', backupView(backup, context.style));
  const backupParam = (request: OnAppRequest): SimBackup => {
    const id = request.params.id ?? '';
    const backup = /^\d+$/.test(id) ? world.backups.get(Number(id)) : undefined;
    if (!backup) throw notFound(request);
    return backup;
  };
  const diskParam = (request: OnAppRequest, name: string): SimDisk => {
    const id = request.params[name] ?? '';
    const disk = /^\d+$/.test(id) ? world.disks.get(Number(id)) : undefined;
    if (!disk) throw notFound(request);
    return disk;
  };
  const ownerOf = (request: OnAppRequest, backup: SimBackup) => {
    const server = world.servers.get(backup.serverId);
    if (!server) throw notFound(request);
    return server;
  };

  on(router, context, 'GET', '/virtual_machines/:id/backups', (request) =>
    list(request, world.backupsOf(serverParam(context, request).id)),
  );
  on(router, context, 'GET', '/virtual_machines/:id/backups/images', (request) =>
    list(
      request,
      world.backupsOf(serverParam(context, request).id).filter((backup) => backup.targetType === 'Disk'),
    ),
  );
  on(router, context, 'GET', '/virtual_machines/:id/backups/files', (request) =>
    list(
      request,
      world.backupsOf(serverParam(context, request).id).filter((backup) => backup.targetType === 'VirtualMachine'),
    ),
  );

  // Incremental backups need backup servers and the server's `support_incremental_backups`.
  on(router, context, 'POST', '/virtual_machines/:id/backups', (request) => {
    const server = serverParam(context, request);
    const params = paramsFor(request, 'backup');
    if (!server.supportIncrementalBackups) {
      throw unprocessable(request, 'Incremental backups are not enabled for this virtual server');
    }
    context.recordExecution('backup.take_incremental', request.callId);
    const { backup } = takeBackup(world, server, { type: 'VirtualMachine' }, textParam(params.note), request.callId);
    return one(request, 201, backup);
  });

  on(router, context, 'GET', '/virtual_machines/:id/disks/:disk_id/backups', (request) => {
    const server = serverParam(context, request);
    const disk = diskParam(request, 'disk_id');
    if (disk.serverId !== server.id) throw notFound(request);
    return list(
      request,
      world.backupsOf(server.id).filter((backup) => backup.targetType === 'Disk' && backup.targetId === disk.id),
    );
  });

  on(router, context, 'GET', '/settings/disks/:id', (request) =>
    document(request.wire, 200, 'disk', diskView(world, diskParam(request, 'id'))),
  );
  on(router, context, 'GET', '/settings/disks/:id/backups', (request) => {
    const disk = diskParam(request, 'id');
    return list(
      request,
      [...world.backups.values()].filter((backup) => backup.targetType === 'Disk' && backup.targetId === disk.id),
    );
  });
  on(router, context, 'POST', '/settings/disks/:id/backups', (request) => {
    const disk = diskParam(request, 'id');
    const server = world.servers.get(disk.serverId);
    if (!server) throw notFound(request);
    const params = paramsFor(request, 'backup');
    if (disk.isSwap) throw unprocessable(request, 'Swap disks cannot be backed up');
    if (!disk.built) throw unprocessable(request, 'Disk is not built');
    context.recordExecution('backup.take', request.callId);
    const { backup } = takeBackup(world, server, { type: 'Disk', disk }, textParam(params.note), request.callId);
    return one(request, 201, backup);
  });

  on(router, context, 'GET', '/backups/:id', (request) => one(request, 200, backupParam(request)));

  on(router, context, 'POST', '/backups/:id/restore', (request) => {
    const backup = backupParam(request);
    const server = ownerOf(request, backup);
    refuseLocked(request, backup);
    context.recordExecution('backup.restore', request.callId);
    restoreBackup(world, server, backup, request.callId);
    return one(request, 201, backup);
  });

  on(router, context, 'DELETE', '/backups/:id', (request) => {
    const backup = backupParam(request);
    const server = ownerOf(request, backup);
    refuseLocked(request, backup);
    context.recordExecution('backup.destroy', request.callId);
    destroyBackup(world, server, backup, request.callId);
    return noContent();
  });

  on(router, context, 'POST', '/backups/:id/convert', (request) => {
    const backup = backupParam(request);
    const server = ownerOf(request, backup);
    const params = { ...paramsFor(request, 'image_template'), ...paramsFor(request, 'backup') };
    const label = textParam(params.label);
    if (!label) throw invalidFields(request, { label: ["can't be blank"] });
    refuseLocked(request, backup);
    context.recordExecution('backup.convert', request.callId);
    const { template } = convertBackup(world, server, backup, label, request.callId);
    return document(request.wire, 201, 'image_template', templateView(template, request.wire.style));
  });
}

/**
 * A backup a transaction is working on (being taken, or being deleted) is `locked` (its `<locked>` says
 * so), and the panel refuses to start another: 422, the status OnApp documents for "cannot be processed
 * in the current state", worded as locked so a client can tell busy from invalid (the adapter's
 * `ONAPP_BUSY_MESSAGES` reads it as a `ConflictError`).
 */
function refuseLocked(request: OnAppRequest, backup: SimBackup): void {
  if (!backup.built) throw unprocessable(request, 'Backup is locked: it is being taken');
  if (backup.markedForDelete) throw unprocessable(request, 'Backup is locked: it is being deleted');
}
