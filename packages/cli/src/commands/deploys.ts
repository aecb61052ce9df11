import { collect } from '@omnihost/core';
import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
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
    .addOption(limitOption(20))
    .action(async (siteId: string, options: { limit: number }, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const found = await collect(provider.deploys.list(siteId, { signal: io.signal }), { limit: options.limit });
      context.print(found, () => deploymentsTable(found, context));
    });
  return deploys;
}
