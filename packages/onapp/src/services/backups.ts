import {
  type Backup,
  type BackupDownloadLink,
  type BackupService,
  type CreateBackupOptions,
  checkComponents,
  type ListBackupsOptions,
  NotFoundError,
  type Operation,
  type PagedIterable,
  paginate,
  type RestoreBackupOptions,
  type StartContext,
  type StartIntent,
  type StartResult,
  startOperation,
  UnsupportedOperationError,
  withIdempotencyKey,
} from '@omnihost/core';
import { onAppCapabilities } from '../capabilities.js';
import { rawOf } from '../client/api-context.js';
import { numericId, serverRef } from '../client/resource-path.js';
import { toBackup } from '../mapping/to-backup.js';
import { toTask } from '../mapping/to-task.js';
import type { OnAppBackup } from '../schemas/backup.js';
import type { ServiceContext } from './context.js';
import {
  accepting,
  claimStarted,
  onAppIntent,
  operationJson,
  reconcileIntent,
  startedOperation,
} from './operations.js';
import type { ServerFact } from './server-facts.js';
import { resolveServerId } from './server-id.js';
import { runAndFindByNewParent, runAndFindTransaction } from './transaction-finder.js';

/**
 * Backups of a server: normal (one per disk, `target_type=Disk`) and incremental (the whole server,
 * `target_type=VirtualMachine`) (vendors/onapp.md §3).
 *
 * - `list` is the server's backups of both kinds, newest first;
 * - `create` takes an incremental backup when the server supports them (`support_incremental_backups`),
 *   otherwise a normal backup of the primary disk (other disks: `provider.raw.disks.createBackup`);
 *   `wait()` resolves once the transaction is complete and the backup reports `built`;
 * - `restore` overwrites the server's disks from the backup, on the same server only;
 * - `components` cannot be chosen on either (`capabilities.backups.components` and `restoreComponents` are
 *   empty): asking for some is `UnsupportedOperationError`, never a full backup or a full restore;
 * - `delete` removes the backup (`destroy_backup`).
 *
 * Every start goes through core's `startOperation` (issue 15): its error says whether the work may have
 * started (`outcome`), carries the intent, and `err.reconcile()` finds the work from the panel's records
 * (see services/operations.ts: exact by the key in the note for create, by target and transaction order for
 * restore and delete).
 * @internal
 */
export function createBackupService(context: ServiceContext): BackupService {
  const { client } = context;
  const findOptions = (signal: AbortSignal | undefined) => ({ timeoutMs: context.discoveryTimeoutMs, signal });

  async function listFor(siteId: string, signal: AbortSignal | undefined): Promise<Backup[]> {
    const serverId = await resolveServerId(client, siteId, { signal }, 'backups.list');
    const backups = await client.virtualServers.backups(serverId, { signal });
    return backups.map((backup) => toBackup(backup, String(serverId), rawOf(backup))).sort(newestFirst);
  }

  /** The backup, checked to belong to the server (the server's own list is the proof). */
  async function findBackup(siteId: string, backupId: string, signal: AbortSignal | undefined, operation: string) {
    numericId(backupId, 'backup', operation);
    const serverId = await resolveServerId(client, siteId, { signal }, operation);
    const backup = (await client.virtualServers.backups(serverId, { signal })).find(
      (item) => String(item.id) === backupId,
    );
    if (!backup) {
      throw new NotFoundError(`onapp: server ${siteId} has no backup ${backupId}`, {
        vendor: 'onapp',
        operation,
        status: 404,
      });
    }
    return { serverId, backup };
  }

  /**
   * A restore or a delete of a server's backup, once sent: the panel's one transaction for it (by action and
   * parent backup, above the mark read before sending) becomes the operation. The two starts differ only in
   * the call and the transaction's action.
   */
  async function startOnBackup<K extends 'backups.restore' | 'backups.delete', R>(
    intent: StartIntent & { kind: K },
    marks: Record<string, number>,
    started: StartContext,
    { serverId, backup }: { serverId: number; backup: OnAppBackup },
    action: string,
    signal: AbortSignal | undefined,
    send: () => Promise<R>,
  ): Promise<Operation<StartResult<K>>> {
    marks.serverId = serverId;
    const { transaction } = await runAndFindTransaction(
      client,
      serverId,
      accepting(started, send),
      () => ({ actions: [action], parent: { type: 'Backup', id: backup.id } }),
      { ...findOptions(signal), onMark: (mark) => (marks.transactionId = mark) },
    );
    const taskId = String(transaction.id);
    await claimStarted(context, intent, taskId);
    return startedOperation(
      context,
      operationJson(intent, taskId, { serverId, backupId: backup.id }),
      toTask(transaction, rawOf(transaction)),
    );
  }

  /** Which kind of backup a server takes, from the panel (and remembered for the next time). */
  async function serverFact(siteId: string, signal: AbortSignal | undefined): Promise<ServerFact> {
    const server = await client.virtualServers.get(siteId, { signal });
    context.serverFacts.remember(server);
    return { id: server.id, incremental: server.support_incremental_backups === true };
  }

  return {
    list(siteId: string, options: ListBackupsOptions = {}): PagedIterable<Backup> {
      return paginate(async (_cursor, signal) => ({ items: await listFor(siteId, signal), next: undefined }), {
        signal: options.signal,
      });
    },

    async get(siteId, backupId, options = {}) {
      const { serverId, backup } = await findBackup(siteId, backupId, options.signal, 'backups.get');
      return toBackup(backup, String(serverId), rawOf(backup));
    },

    async create(siteId: string, options: CreateBackupOptions = {}): Promise<Operation<Backup>> {
      const { signal } = options;
      const marks: Record<string, number> = {};
      const intent = onAppIntent('backups.create', { siteId, label: options.label, marks }, options);
      return startOperation(
        intent,
        async (started) => {
          serverRef(siteId, 'backups.create');
          // A backup is the whole server (incremental) or its primary disk, never chosen parts: components are
          // refused before anything is sent, never ignored into a full backup (issue 13).
          checkComponents(
            'onapp',
            options.components,
            onAppCapabilities.backups.components,
            'backups.create',
            'an OnApp backup is taken of the whole server (incremental) or of its primary disk (other disks: provider.raw.disks.createBackup)',
          );
          const server = context.serverFacts.recall(siteId) ?? (await serverFact(siteId, signal));
          const serverId = server.id;
          marks.serverId = serverId;
          // The idempotency key travels in the note, after the user's label: the panel keeps the note with the
          // backup, so a create whose answer was lost is found again by it, exactly (issue 15). `label`
          // reads the note back without it.
          const note = withIdempotencyKey(options.label, intent.key);
          let create: () => Promise<OnAppBackup>;
          let action: string;
          if (server.incremental) {
            create = () => client.backups.createIncremental(serverId, { note }, { signal });
            action = 'take_incremental_backup';
          } else {
            const disks = await client.virtualServers.disks(serverId, { signal });
            const disk = disks.find((item) => item.primary === true) ?? disks.find((item) => item.is_swap !== true);
            if (!disk) {
              throw new NotFoundError(`onapp: server ${siteId} has no disk to back up`, {
                vendor: 'onapp',
                operation: 'backups.create',
              });
            }
            create = () => client.disks.createBackup(disk.id, { note }, { signal });
            action = 'take_backup';
          }
          // The new backup's id comes back in the 201, and its transaction's parent is that backup.
          const { result: created, transaction } = await runAndFindByNewParent(
            client,
            serverId,
            accepting(started, create),
            (backup) => ({ actions: [action], parent: { type: 'Backup', id: backup.id } }),
            findOptions(signal),
          );
          const taskId = String(transaction.id);
          await claimStarted(context, intent, taskId);
          return startedOperation(
            context,
            operationJson(intent, taskId, { serverId, backupId: created.id }),
            toTask(transaction, rawOf(transaction)),
          );
        },
        () => reconcileIntent(context, intent),
      );
    },

    async restore(siteId, backupId, options: RestoreBackupOptions = {}) {
      const { signal } = options;
      const marks: Record<string, number> = {};
      const intent = onAppIntent(
        'backups.restore',
        { siteId, backupId, targetSiteId: options.targetSiteId, marks },
        options,
      );
      return startOperation(
        intent,
        async (started) => {
          serverRef(siteId, 'backups.restore');
          numericId(backupId, 'backup', 'backups.restore');
          // A restore never does more than it was asked: an OnApp restore overwrites every disk the backup holds
          // (`restore_incremental_backup` the whole server), so a restore of chosen parts is refused (issue 13).
          checkComponents(
            'onapp',
            options.components,
            onAppCapabilities.backups.restoreComponents,
            'backups.restore',
            'an OnApp backup is restored whole, over the disks it was taken of',
          );
          if (options.targetSiteId !== undefined && options.targetSiteId !== siteId) {
            throw new UnsupportedOperationError(
              'onapp',
              'backups.restore',
              'a backup restores onto the server it was taken from',
            );
          }
          const found = await findBackup(siteId, backupId, signal, 'backups.restore');
          const { backup } = found;
          const action = backup.target_type === 'VirtualMachine' ? 'restore_incremental_backup' : 'restore_backup';
          return startOnBackup(intent, marks, started, found, action, signal, () =>
            client.backups.restore(backup.id, { signal }),
          );
        },
        () => reconcileIntent(context, intent),
      );
    },

    async delete(siteId, backupId, options = {}) {
      const { signal } = options;
      const marks: Record<string, number> = {};
      const intent = onAppIntent('backups.delete', { siteId, backupId, marks }, options);
      return startOperation(
        intent,
        async (started) => {
          const found = await findBackup(siteId, backupId, signal, 'backups.delete');
          return startOnBackup(intent, marks, started, found, 'destroy_backup', signal, () =>
            client.backups.delete(found.backup.id, { signal }),
          );
        },
        () => reconcileIntent(context, intent),
      );
    },

    async downloadLink(): Promise<BackupDownloadLink> {
      throw new UnsupportedOperationError(
        'onapp',
        'backups.downloadLink',
        'OnApp backups live on its backup servers and have no download URL in the API',
      );
    },
  };
}

function newestFirst(a: Backup, b: Backup): number {
  const byTime = (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);
  return byTime !== 0 ? byTime : Number(b.id) - Number(a.id);
}
