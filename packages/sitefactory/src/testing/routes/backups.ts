import type { SimRouter } from '@omnihost/core/testing';
import { BACKUP_COMPONENTS, RESTORE_COMPONENTS } from '../../capabilities.js';
import { pageOf, readPage } from '../paging.js';
import { badRequest, idParam, jsonBody, notFound, ok, optionalInt, optionalString, unixSeconds } from '../wire.js';
import type { SimBackup, SimSite } from '../world.js';
import { callerOf, type RouteContext, requireSite, startTask, wipGroup } from './context.js';

/** Default and largest lifetime of a temporary download URL, in seconds (seed 002: default 60). */
const DEFAULT_URL_LIFETIME_S = 60;
const MAX_URL_LIFETIME_S = 7 * 86_400;

function backupRow(backup: SimBackup) {
  return {
    id: backup.id,
    nid: backup.nid,
    status: 1,
    uid: backup.uid,
    timestamp: backup.timestamp,
    bucket: backup.bucket,
    directory: backup.directory,
    file: backup.file,
    label: backup.label,
    componentList: [...backup.components],
    complete: backup.complete,
  };
}

/** A `components` list: every entry one of `allowed`; absent means every part. */
function readComponents(value: unknown, allowed: readonly string[], now: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const unknown = list.filter((item) => typeof item !== 'string' || !allowed.includes(item));
  if (list.length === 0 || unknown.length > 0) {
    return badRequest(`components must be some of: ${allowed.join(', ')}.`, now);
  }
  return list as string[];
}

/** Backups of a site: take, list (newest first), temporary URL, delete, restore (also onto another site). */
export function registerBackupRoutes(router: SimRouter, context: RouteContext): void {
  const { world, clock } = context;
  const backupsOf = (site: SimSite): SimBackup[] => {
    let rows = world.backups.get(site.id);
    if (!rows) {
      rows = [];
      world.backups.set(site.id, rows);
    }
    return rows;
  };
  const requireBackup = (site: SimSite, backupId: number, now: number): SimBackup => {
    const backup = backupsOf(site).find((row) => row.id === backupId);
    if (!backup) return notFound(`Could not find backup ${backupId} of site ${site.id}.`, now);
    return backup;
  };

  router.post('/api/v1/sites/:site_id/backup', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const body = jsonBody(request, now);
    const label = optionalString(body, 'label', now) ?? '';
    const components = readComponents(body.components, BACKUP_COMPONENTS, now) ?? [...BACKUP_COMPONENTS];
    const caller = callerOf(context, request);
    context.recordExecution('backup.create', request);
    let backup: SimBackup | undefined;
    const task = startTask(context, {
      group: 'backup',
      name: `SiteArchive ${site.id}`,
      groupName: wipGroup(context, 'SiteArchive', site.stackId),
      className: 'Acquia\\SfBackup\\SiteArchiveV2D8',
      nid: site.id,
      uid: caller.uid,
      failure: 'the archive could not be written to storage',
      onStart: (started) => {
        const timestamp = unixSeconds(started.startedWall ?? clock.now());
        backup = {
          id: world.backupId(),
          nid: site.id,
          uid: caller.uid,
          timestamp,
          bucket: `${world.factoryName}-backups`,
          directory: site.name,
          file: `${site.name}_${site.id}_${timestamp}.tar.gz`,
          label,
          components,
          complete: false,
        };
        backupsOf(site).unshift(backup);
      },
      onSuccess: () => {
        if (backup) backup.complete = true;
      },
      onFailure: () => {
        const rows = backupsOf(site);
        const index = backup ? rows.indexOf(backup) : -1;
        if (index >= 0) rows.splice(index, 1);
      },
    });
    return ok({ task_id: task.id });
  });

  router.get('/api/v1/sites/:site_id/backups', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const page = readPage(request, 'get_Sites_getSiteBackups', now);
    const rows = [...backupsOf(site)].sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
    // The total arrives as a string on this endpoint (`"count":"407"`, vendors/sitefactory.md §6).
    return ok({ count: String(rows.length), backups: pageOf(rows, page).map(backupRow) });
  });

  router.get('/api/v1/sites/:site_id/backups/:backup_id/url', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const backup = requireBackup(site, idParam(request, 'backup_id', now), now);
    const lifetime = optionalInt(request.query.get('lifetime') ?? undefined, 'lifetime', now) ?? DEFAULT_URL_LIFETIME_S;
    if (lifetime < 1 || lifetime > MAX_URL_LIFETIME_S) {
      return badRequest(`lifetime must be between 1 and ${MAX_URL_LIFETIME_S} seconds.`, now);
    }
    if (!backup.complete) return badRequest(`Backup ${backup.id} is not complete yet.`, now);
    return ok({ url: context.downloads.sign(backup.bucket, backup.directory, backup.file, lifetime), lifetime });
  });

  router.delete('/api/v1/sites/:site_id/backups/:backup_id', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const backup = requireBackup(site, idParam(request, 'backup_id', now), now);
    jsonBody(request, now);
    context.recordExecution('backup.delete', request);
    const task = startTask(context, {
      group: 'other',
      name: `SiteArchiveDelete ${backup.id}`,
      groupName: wipGroup(context, 'SiteArchiveDelete', site.stackId),
      className: 'Acquia\\SfBackup\\SiteArchiveDelete',
      nid: site.id,
      uid: callerOf(context, request).uid,
      durationKind: 'backup-delete',
      failure: 'the archive could not be removed from storage',
      onSuccess: () => {
        const rows = backupsOf(site);
        const index = rows.indexOf(backup);
        if (index >= 0) rows.splice(index, 1);
      },
    });
    return ok({ task_id: task.id });
  });

  router.post('/api/v1/sites/:site_id/restore', (request) => {
    const now = clock.now();
    const site = requireSite(context, request);
    const body = jsonBody(request, now);
    const backupId = optionalInt(body.backup_id, 'backup_id', now);
    const backup =
      backupId === undefined ? backupsOf(site).find((row) => row.complete) : requireBackup(site, backupId, now);
    if (!backup) return badRequest(`Site ${site.id} has no complete backup to restore.`, now);
    if (!backup.complete) return badRequest(`Backup ${backup.id} is not complete yet.`, now);
    const targetId = optionalInt(body.target_site_id, 'target_site_id', now) ?? site.id;
    const target = world.sites.get(targetId);
    if (!target) return badRequest(`The target site ${targetId} does not exist.`, now);
    const components = readComponents(body.components, RESTORE_COMPONENTS, now);
    const missing = (components ?? []).filter((part) => !backup.components.includes(part));
    if (missing.length > 0) return badRequest(`Backup ${backup.id} does not hold: ${missing.join(', ')}.`, now);
    context.recordExecution('backup.restore', request);
    const task = startTask(context, {
      group: 'other',
      name: `SiteRestore ${target.id}`,
      groupName: wipGroup(context, 'SiteRestore', target.stackId),
      className: 'Acquia\\SfBackup\\SiteRestore',
      nid: target.id,
      uid: callerOf(context, request).uid,
      failure: 'the database import failed',
    });
    return ok({ task_id: task.id });
  });
}
