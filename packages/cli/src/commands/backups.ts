import { type Provider, ValidationError } from '@omnihost/core';
import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { printList } from '../output/list-output.js';
import { backupsTable, recordTable } from '../output/tables.js';
import {
  idempotencyKeyOption,
  legacyTimeoutOption,
  limitOption,
  waitOption,
  waitTimeoutOption,
} from './option-values.js';
import { finishOperation, type WaitFlags } from './run-operation.js';

interface PartsFlags {
  component?: string[];
  database?: string;
  idempotencyKey?: string;
}

const collectValues = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `--database` is Acquia's own backup option (`AcquiaDatabaseOption`), not part of the shared vocabulary:
 * it goes to Acquia only, and any other vendor refuses it rather than ignore it.
 */
function databaseOption(provider: Provider, database: string | undefined): { database?: string } {
  if (database === undefined) return {};
  if (provider.vendor !== 'acquia') {
    throw new ValidationError(
      `--database applies to Acquia only (${provider.vendor} backups have no database choice)`,
      {
        vendor: provider.vendor,
        fieldErrors: { database: ['Acquia only'] },
      },
    );
  }
  return { database };
}

/** `omnihost backups list|get|create|restore|delete|download-url`. @public */
export function backupsCommand(io: CliIo): Command {
  const backups = new Command('backups').description('list, take, restore and delete backups of a site');
  const contextOf = (command: Command) => new CommandContext(io, command.optsWithGlobals());

  backups
    .command('list')
    .description("list a site's backups, newest first")
    .argument('<site>', 'site id')
    .addOption(limitOption())
    .option('--database <name>', 'Acquia: which database (default: the default database)')
    .action(async (siteId: string, options: { limit?: number; database?: string }, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const list = provider.backups.list(siteId, {
        ...databaseOption(provider, options.database),
        signal: io.signal,
      });
      await printList(context, list, { noun: 'backups', limit: options.limit, table: backupsTable });
    });

  backups
    .command('get')
    .description('show one backup')
    .argument('<site>', 'site id')
    .argument('<backup>', 'backup id')
    .option('--database <name>', 'Acquia: which database')
    .action(async (siteId: string, backupId: string, options: { database?: string }, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const backup = await provider.backups.get(siteId, backupId, {
        ...databaseOption(provider, options.database),
        signal: io.signal,
      });
      context.print(backup, () => recordTable(backup, context));
    });

  backups
    .command('create')
    .description('take a backup now (vendors without on-demand backups exit with UnsupportedOperationError)')
    .argument('<site>', 'site id')
    .option('-l, --label <label>', 'label for the backup')
    .option('-c, --component <part>', 'a part to include (repeat; see the vendor capabilities)', collectValues)
    .option('--database <name>', 'Acquia: which database')
    .addOption(idempotencyKeyOption())
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .action(async (siteId: string, options: WaitFlags & PartsFlags & { label?: string }, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const operation = await provider.backups.create(siteId, {
        label: options.label,
        components: options.component,
        ...databaseOption(provider, options.database),
        idempotencyKey: options.idempotencyKey,
        signal: io.signal,
      });
      await finishOperation(context, `backup of ${siteId}`, operation, options);
    });

  backups
    .command('restore')
    .description('restore a backup onto its site (or onto --target-site where the vendor allows)')
    .argument('<site>', 'site id the backup belongs to')
    .argument('<backup>', 'backup id')
    .option('--target-site <site>', 'restore onto another site')
    .option('-c, --component <part>', 'a part to restore (repeat)', collectValues)
    .option('--database <name>', 'Acquia: which database')
    .addOption(idempotencyKeyOption())
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .action(
      async (
        siteId: string,
        backupId: string,
        options: WaitFlags & PartsFlags & { targetSite?: string },
        command: Command,
      ) => {
        const context = contextOf(command);
        const provider = await context.provider();
        const operation = await provider.backups.restore(siteId, backupId, {
          targetSiteId: options.targetSite,
          components: options.component,
          ...databaseOption(provider, options.database),
          idempotencyKey: options.idempotencyKey,
          signal: io.signal,
        });
        await finishOperation(context, `restore of backup ${backupId}`, operation, options);
      },
    );

  backups
    .command('delete')
    .description('delete a backup')
    .argument('<site>', 'site id')
    .argument('<backup>', 'backup id')
    .option('--database <name>', 'Acquia: which database')
    .addOption(idempotencyKeyOption())
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .action(async (siteId: string, backupId: string, options: WaitFlags & PartsFlags, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const operation = await provider.backups.delete(siteId, backupId, {
        ...databaseOption(provider, options.database),
        idempotencyKey: options.idempotencyKey,
        signal: io.signal,
      });
      await finishOperation(context, `deletion of backup ${backupId}`, operation, options);
    });

  backups
    .command('download-url')
    .description('print a pre-signed URL (or URLs, in order) to download a backup without credentials')
    .argument('<site>', 'site id')
    .argument('<backup>', 'backup id')
    .option('--database <name>', 'Acquia: which database')
    .action(async (siteId: string, backupId: string, options: { database?: string }, command: Command) => {
      const context = contextOf(command);
      const provider = await context.provider();
      const link = await provider.backups.downloadLink(siteId, backupId, {
        ...databaseOption(provider, options.database),
        signal: io.signal,
      });
      // For people, one URL per line is what `curl $(omnihost ...)` or `xargs` wants.
      context.print(link, () => (link.segments.length > 0 ? link.segments.map((s) => s.url) : [link.url]).join('\n'));
    });

  return backups;
}
