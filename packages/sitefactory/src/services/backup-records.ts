import {
  type Backup,
  idempotencyKeyIn,
  numberedPages,
  type PagedIterable,
  ResponseValidationError,
  type Task,
} from '@omnihost/core';
import { listEnvelope } from '../client/list-envelope.js';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { toBackup } from '../mapping/to-backup.js';
import { type BackupRow, backupRowSchema } from '../schemas/backup.js';
import type { ServiceContext } from './context.js';
import { RECENT_SLACK_S } from './work-pool.js';

const backupListSchema = listEnvelope(backupRowSchema, ['backups']);
/** The largest page `GET /api/v1/sites/{id}/backups` serves (100 in the spec). */
const MAX_PAGE = SITE_FACTORY_OPERATIONS.get_Sites_getSiteBackups.maxLimit ?? 100;

/** A site's archive rows, newest first (the spec's order), page by page. @internal */
export function backupRows(
  context: ServiceContext,
  site: number,
  signal: AbortSignal | undefined,
  operation: string,
): PagedIterable<BackupRow> {
  return numberedPages(
    async ({ page }, pageSignal) => {
      const data = await requestOperation(
        context.client,
        'get_Sites_getSiteBackups',
        { path: { site_id: site }, query: { page, limit: MAX_PAGE }, signal: pageSignal },
        backupListSchema,
        operation,
      );
      return { items: data.items, total: data.count };
    },
    { pageSize: MAX_PAGE, signal },
  );
}

/**
 * The site's archives taken since `sinceMs` (less a little slack for clocks and second resolution), newest
 * first: the list is read until an older archive, since it is sorted newest first.
 * @internal
 */
export async function recentBackupRows(
  context: ServiceContext,
  site: number,
  sinceMs: number,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<BackupRow[]> {
  const floor = Math.floor(sinceMs / 1000) - RECENT_SLACK_S;
  const rows: BackupRow[] = [];
  for await (const row of backupRows(context, site, signal, operation)) {
    if (row.timestamp !== undefined && row.timestamp > 0 && row.timestamp < floor) break;
    rows.push(row);
  }
  return rows;
}

/**
 * The backup a `backups.create` wrote: the archive whose label carries the call's idempotency key (the key
 * travels in the label, issue 15), taken since the call began (or, when later, since its task was added).
 * Exact: neither a backup another call took at the same moment nor one with the same user label is taken for
 * it.
 * @internal
 */
export async function findCreatedBackup(
  context: ServiceContext,
  siteId: string,
  key: string,
  startedAt: string,
  task: Task,
  signal: AbortSignal | undefined,
): Promise<Backup> {
  // The earlier of the two: a factory clock behind ours dates the task (and its archive) before the call began.
  const since = Math.min(Date.parse(startedAt) || 0, task.createdAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const rows = await recentBackupRows(context, Number(siteId), since, signal, 'backups.create');
  const row = rows.find((candidate) => idempotencyKeyIn(candidate.label) === key);
  if (row) return toBackup(row);
  throw new ResponseValidationError(
    `sitefactory backups.create: task ${task.id} succeeded but site ${siteId} lists no backup labelled with its key`,
    { vendor: 'sitefactory', operation: 'backups.create', reason: 'unexpected' },
  );
}
