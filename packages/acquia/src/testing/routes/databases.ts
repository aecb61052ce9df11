import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { SimRouter } from '@omnihost/core/testing';
import type { SimDatabaseInfo, SimEnvironmentInfo } from '../fleet.js';
import type { ListFields } from '../list-query.js';
import { conflict, errorResponse, fail, hal, validationFailed } from '../responses.js';
import { acceptedBody, timestamp } from '../wire.js';
import { backupOr404, databaseOr404, environmentOr404, jsonBody, type SimBackup, type SimWorld } from '../world.js';
import { notificationContext } from './context.js';
import { collectionResponse, route } from './route.js';

const DATABASE_FIELDS: ListFields<SimDatabaseInfo> = {
  name: (database) => database.name,
  id: (database) => database.id,
};

/** Backup list fields (spec: `type`, `created`), plus `id` for a stable order. */
const BACKUP_FIELDS: ListFields<SimBackup> = {
  type: (backup) => backup.type,
  created: (backup) => timestamp(backup.startedAt),
  id: (backup) => backup.id,
};

/** How long a download link works: about an hour, as seen in acquia/cli#245. */
const DOWNLOAD_LINK_TTL_MS = 3_600_000;

interface BackupTarget {
  environment: SimEnvironmentInfo;
  database: SimDatabaseInfo;
  path: string;
}

function backupTarget(world: SimWorld, params: Readonly<Record<string, string>>): BackupTarget {
  const environment = environmentOr404(world, params.environmentId ?? '');
  const database = databaseOr404(world, environment, params.databaseName ?? '');
  return { environment, database, path: `/environments/${environment.id}/databases/${database.name}/backups` };
}

/** Databases of an environment, database copies, and database backups (list, create, get, delete, restore, download). */
export function databaseRoutes(router: SimRouter, world: SimWorld): void {
  router.get(
    '/api/environments/:environmentId/databases',
    route(world, (request) => {
      const environment = environmentOr404(world, request.params.environmentId ?? '');
      return collectionResponse(
        world,
        request.query,
        world.fleet.databases(environment),
        DATABASE_FIELDS,
        (database) => world.payloads.database(environment, database),
        {
          path: `/environments/${environment.id}/databases`,
          parent: `/environments/${environment.id}`,
          withPagination: false,
        },
      );
    }),
  );

  // Copy a database from another environment into this one (`postEnvironmentsDatabases`).
  router.post(
    '/api/environments/:environmentId/databases',
    route(world, (request) => {
      const target = environmentOr404(world, request.params.environmentId ?? '');
      const body = jsonBody(request.bodyText);
      const name = body.name;
      const sourceId = body.source;
      if (typeof name !== 'string' || name === '')
        fail(validationFailed('name', 'Missing required parameter(s): name'));
      if (typeof sourceId !== 'string' || sourceId === '') {
        fail(validationFailed('source', 'Missing required parameter(s): source'));
      }
      const source = world.fleet.environmentById(sourceId);
      if (!source || source.application.uuid !== target.application.uuid) {
        fail(conflict('The environments do not belong to the same application.'));
      }
      if (source.id === target.id) fail(conflict('A database cannot be copied from an environment to itself.'));
      if (!world.fleet.databases(source).some((database) => database.name === name)) {
        fail(validationFailed('database', 'The database does not exist in this environment.'));
      }
      world.recordExecution('copy-database', request.callId);
      const uuid = world.notifications.start({
        kind: 'copy',
        event: 'DatabaseCopied',
        label: 'Database copied',
        running: `Copying the "${name}" database from "${source.label}" to "${target.label}".`,
        done: `The "${name}" database was copied from "${source.label}" to "${target.label}".`,
        context: notificationContext(world, target, { database: { names: [name] } }),
      });
      const path = `/environments/${target.id}/databases`;
      return hal(
        202,
        acceptedBody(world.hrefs, 'The database is being copied', path, uuid, `/environments/${target.id}`),
      );
    }),
  );

  router.get(
    '/api/environments/:environmentId/databases/:databaseName/backups',
    route(world, (request) => {
      const { environment, database, path } = backupTarget(world, request.params);
      return collectionResponse(
        world,
        request.query,
        world.state.backupsOf(environment, database),
        BACKUP_FIELDS,
        (backup) => world.payloads.backupItem(environment, database, backup),
        // The SDK's backup list fixture carries no `pagination` block.
        { path, parent: `/environments/${environment.id}/databases/${database.name}`, withPagination: false },
      );
    }),
  );

  // Create a backup: no body, 202, no backup id; the backup appears when its notification completes.
  router.post(
    '/api/environments/:environmentId/databases/:databaseName/backups',
    route(world, (request) => {
      const { environment, database, path } = backupTarget(world, request.params);
      world.recordExecution('backup', request.callId);
      const startedAt = world.clock.now();
      const uuid = world.notifications.start({
        kind: 'backup',
        event: 'DatabaseBackupCreated',
        label: 'Database backup created',
        running: `A "${database.name}" database backup is being created for "${environment.label}".`,
        done: `A "${database.name}" database backup has been created for "${environment.label}".`,
        context: notificationContext(world, environment, { database: { names: [database.name] } }),
        effect: (completedAt) => {
          world.state.addBackup(environment, database, startedAt, completedAt);
        },
      });
      return hal(
        202,
        acceptedBody(
          world.hrefs,
          'Creating the backup.',
          path,
          uuid,
          `/environments/${environment.id}/databases/${database.name}`,
        ),
      );
    }),
  );

  router.get(
    '/api/environments/:environmentId/databases/:databaseName/backups/:backupId',
    route(world, (request) => {
      const { environment, database } = backupTarget(world, request.params);
      const backup = backupOr404(world, environment, database, request.params.backupId ?? '');
      return hal(200, world.payloads.backup(environment, database, backup));
    }),
  );

  router.delete(
    '/api/environments/:environmentId/databases/:databaseName/backups/:backupId',
    route(world, (request) => {
      const { environment, database, path } = backupTarget(world, request.params);
      const backup = backupOr404(world, environment, database, request.params.backupId ?? '');
      world.recordExecution('backup-delete', request.callId);
      const uuid = world.notifications.start({
        kind: 'delete',
        event: 'DatabaseBackupDeleted',
        label: 'Database backup deleted',
        running: `A "${database.name}" database backup is being deleted from "${environment.label}".`,
        done: `A "${database.name}" database backup has been deleted from "${environment.label}".`,
        context: notificationContext(world, environment, { database: { names: [database.name] } }),
        effect: () => world.state.removeBackup(environment, database, backup.id),
      });
      return hal(202, acceptedBody(world.hrefs, 'Deleting the database backup.', `${path}/${backup.id}`, uuid, path));
    }),
  );

  router.post(
    '/api/environments/:environmentId/databases/:databaseName/backups/:backupId/actions/restore',
    route(world, (request) => {
      const { environment, database, path } = backupTarget(world, request.params);
      const backup = backupOr404(world, environment, database, request.params.backupId ?? '');
      if (backup.completedAt > world.clock.now()) {
        fail(conflict('The database backup has not completed yet, and cannot be restored at this time.'));
      }
      world.recordExecution('restore', request.callId);
      const uuid = world.notifications.start({
        kind: 'restore',
        event: 'DatabaseBackupRestored',
        label: 'Database backup restored',
        running: `A "${database.name}" database backup is being restored to "${environment.label}".`,
        done: `A "${database.name}" database backup has been restored to "${environment.label}".`,
        context: notificationContext(world, environment, { database: { names: [database.name] } }),
      });
      const self = `${path}/${backup.id}/actions/restore`;
      return hal(202, acceptedBody(world.hrefs, 'Restoring the database backup.', self, uuid, `${path}/${backup.id}`));
    }),
  );

  // The download operation dropped from the latest spec revision (vendor notes §4.5): hal+json answers
  // `{ url, expires_at }`; any other Accept gets the file itself, as acli's pull does.
  router.get(
    '/api/environments/:environmentId/databases/:databaseName/backups/:backupId/actions/download',
    route(world, (request) => {
      const { environment, database, path } = backupTarget(world, request.params);
      const backup = backupOr404(world, environment, database, request.params.backupId ?? '');
      const file = `/mnt/files/${environment.application.sitegroup}.${environment.name}/backups/on-demand/backup-${timestamp(backup.startedAt).slice(0, 10)}-${database.name}-${backup.id}.sql.gz`;
      if (!/json/i.test(String(request.headers.accept ?? ''))) {
        return {
          status: 200,
          headers: { 'Content-Type': 'application/octet-stream' },
          body: backupFile(database, backup),
        };
      }
      const token = randomBytes(16).toString('hex');
      const expiresAt = world.clock.now() + DOWNLOAD_LINK_TTL_MS;
      world.downloads.set(token, { path: file, expiresAt });
      const self = `${path}/${backup.id}/actions/download`;
      return hal(200, {
        url: `${world.origin()}/AH_DOWNLOAD?t=${token}&d=${encodeURIComponent(file)}`,
        expires_at: new Date(expiresAt).toISOString(),
        _links: { self: world.hrefs.link(self), parent: world.hrefs.link(`${path}/${backup.id}`) },
      });
    }),
  );

  // Where the signed link points. The real one is on the environment's own host; the simulator serves it
  // itself so the link can be fetched (without the bearer token, as a client must).
  router.get(
    '/AH_DOWNLOAD',
    route(world, (request) => {
      const grant = world.downloads.get(request.query.get('t') ?? '');
      if (!grant || grant.expiresAt <= world.clock.now() || grant.path !== request.query.get('d')) {
        return errorResponse(403, 'forbidden', 'The download link is invalid or has expired.');
      }
      const match = /-(\d+)\.sql\.gz$/.exec(grant.path);
      return {
        status: 200,
        headers: { 'Content-Type': 'application/octet-stream' },
        body: gzipSync(`-- simulated database backup ${match?.[1] ?? ''}\n`),
      };
    }),
  );
}

/** A small gzipped SQL dump standing in for the backup file. */
function backupFile(database: SimDatabaseInfo, backup: SimBackup): Buffer {
  return gzipSync(`-- simulated backup ${backup.id} of ${database.name}\nCREATE TABLE node (nid INT);\n`);
}
