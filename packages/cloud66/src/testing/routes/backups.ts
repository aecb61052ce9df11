import type { SimRouter } from '@omnihost/core/testing';
import { segmentContent } from '../downloads.js';
import type { BackupSeed, StackSeed } from '../fleet.js';
import { boolParam, paramsOf, textParam } from '../request-params.js';
import { badRequest, notFound, requestIdHeader } from '../responses.js';
import { backupPayload } from '../wire.js';
import type { Cloud66World } from '../world.js';
import { numericParam, type RouteContext, reply, replyPage, route, stackFor } from './context.js';

/** Database kinds a schedule or import may name. */
const DB_TYPES = new Set(['mysql', 'postgresql', 'redis', 'mongodb']);

/** A cron expression: five space-separated fields of the characters cron uses. */
const CRON = /^(\S+\s+){4}\S+$/;

/** Where the simulator serves backup segments, standing in for S3. */
export const DOWNLOAD_PREFIX = '/s3/c66-managed-backups';

/**
 * Managed database backups: list (filter `db_type`), get, files, signed file links, and `POST` (scope
 * admin), which sets up a schedule or imports an external file — never a one-off backup.
 */
export function backupRoutes(router: SimRouter, context: RouteContext): void {
  const { world } = context;

  route(router, 'GET', '/stacks/:uid/backups', (request) => {
    const { stack } = stackFor(context, request);
    // `group` is accepted but not applied: the backup object carries no group to match on.
    const dbType = request.query.get('db_type');
    const backups = dbType && dbType !== stack.dbType ? [] : world.backups(stack);
    return replyPage(
      context,
      request,
      backups.map((backup) => wire(world, stack, backup)),
    );
  });

  route(router, 'GET', '/stacks/:uid/backups/:id', (request) => {
    const { stack } = stackFor(context, request);
    return reply(context, wire(world, stack, world.backup(stack, numericParam(request, 'id'))));
  });

  route(router, 'GET', '/stacks/:uid/backups/:id/files', (request) => {
    const { stack } = stackFor(context, request);
    return replyPage(context, request, world.backup(stack, numericParam(request, 'id')).files);
  });

  route(router, 'GET', '/stacks/:uid/backups/:id/files/:fileId', (request) => {
    const { stack } = stackFor(context, request);
    const backup = world.backup(stack, numericParam(request, 'id'));
    const file = backup.files.find((candidate) => candidate.id === request.params.fileId) ?? notFound();
    const path = `${DOWNLOAD_PREFIX}/${stack.uid}/${backup.id}/${file.id}/${file.name}`;
    return reply(context, { ok: true, public_url: context.signer.publicUrl(context.origin(), path) });
  });

  route(router, 'POST', '/stacks/:uid/backups', (request) => {
    const { stack } = stackFor(context, request, 'admin');
    if (!stack.dbType) badRequest('this stack has no database server to back up');
    const params = paramsOf(request);
    const dbType = textParam(params, 'db_type') ?? badRequest('db_type is required');
    const remoteUrl = textParam(params, 'remote_url');
    if (remoteUrl !== undefined) {
      // Importing an external backup: `group`, `db_type`, `remote_url`.
      if (!DB_TYPES.has(dbType)) badRequest('db_type must name one database type');
      if (!/^https?:\/\//.test(remoteUrl)) badRequest('remote_url must be an http(s) URL');
      if (textParam(params, 'group') === undefined) badRequest('group is required');
      world.recordExecution('backup-import', request.callId);
      return reply(context, { ok: true, message: 'Your external backup queued for upload' });
    }
    const types = dbType.split(',').map((item) => item.trim());
    if (!types.every((type) => type === 'all' || DB_TYPES.has(type))) badRequest('unknown db_type');
    const frequency = textParam(params, 'frequency') ?? badRequest('frequency is required');
    if (!CRON.test(frequency.trim())) badRequest('frequency must be a cron expression');
    const keepCount = textParam(params, 'keep_count');
    if (keepCount !== undefined && !/^\d{1,4}$/.test(keepCount)) badRequest('keep_count must be a number');
    world.addSchedule(stack, {
      dbType,
      frequency: frequency.trim(),
      keepCount: keepCount === undefined ? undefined : Number(keepCount),
      gzip: boolParam(params, 'gzip'),
      excludedTables: textParam(params, 'excluded_tables'),
      runOnReplicaServer: boolParam(params, 'run_on_replica_server'),
      logicalBackup: boolParam(params, 'logical_backup'),
    });
    world.recordExecution('backup-schedule', request.callId);
    return reply(context, { ok: true, message: 'queued for creation' });
  });

  // The pre-signed segment downloads: no token, S3's query-string signature instead.
  router.get(`${DOWNLOAD_PREFIX}/:uid/:id/:fileId/:name`, (request) => {
    const verdict = context.signer.check(request.path, request.query);
    if (verdict !== 'ok') {
      const [code, message] =
        verdict === 'expired'
          ? ['AccessDenied', 'Request has expired']
          : ['SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'];
      return {
        status: 403,
        headers: { 'Content-Type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
      };
    }
    const stack = context.world.stackByUid(request.params.uid ?? '') ?? notFound();
    const backup = world.backup(stack, numericParam(request, 'id'));
    const file = backup.files.find((candidate) => candidate.id === request.params.fileId) ?? notFound();
    return {
      status: 200,
      headers: { 'Content-Type': 'application/octet-stream', ...requestIdHeader() },
      body: segmentContent(backup.id, file.id, file.name),
    };
  });
}

function wire(world: Cloud66World, stack: StackSeed, backup: BackupSeed) {
  const servers = world.servers(stack);
  const server = servers.find((candidate) => stack.dbType && candidate.roles.includes(stack.dbType)) ?? servers[0];
  return backupPayload(stack, server, backup);
}
