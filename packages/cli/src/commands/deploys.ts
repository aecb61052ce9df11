import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { printList } from '../output/list-output.js';
import { deploymentsTable } from '../output/tables.js';
import { limitOption } from './option-values.js';

/**
 * `omnihost deploys list <site>`: the deploy history of a site, newest first, where the vendor keeps one
 * (`capabilities.deploys.list`; elsewhere it exits with UnsupportedOperationError, saying where to look).
 * Starting a deploy is `omnihost deploy`.
 * @public
 */
export function deploysCommand(io: CliIo): Command {
  const deploys = new Command('deploys').description('deploy history of a site (start one with `omnihost deploy`)');
  deploys
    .command('list')
    .description("list a site's past deploys, newest first, where the vendor keeps a history")
    .argument('<site>', 'site id')
    // The latest 20 by default, as `git log -n` would: a stack's history grows without bound, and each page
    // spends the vendor's hourly budget. A history cut by the limit says so on stderr.
    .addOption(limitOption(20))
    .action(async (siteId: string, options: { limit: number }, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const list = provider.deploys.list(siteId, { signal: io.signal });
      await printList(context, list, { noun: 'deploys', limit: options.limit, table: deploymentsTable });
    });
  return deploys;
}
