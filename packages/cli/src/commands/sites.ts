import { type ListSitesOptions, type SiteEnvironment, selectByEnvironment } from '@omnihost/core';
import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { printList } from '../output/list-output.js';
import { recordTable, sitesTable } from '../output/tables.js';
import { environmentOption, limitOption, positiveInteger } from './option-values.js';

interface ListOptions {
  environment?: SiteEnvironment;
  limit?: number;
  pageSize?: number;
}

/** `omnihost sites list|get`. @public */
export function sitesCommand(io: CliIo): Command {
  const sites = new Command('sites').description('list and inspect sites (environments, stacks, servers)');

  sites
    .command('list')
    .description('list every site, page by page (--limit stops early, and says so)')
    .addOption(environmentOption())
    .addOption(limitOption())
    .option('--page-size <count>', 'items per request (vendor maximum applies)', positiveInteger)
    .action(async (options: ListOptions, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const listOptions: ListSitesOptions = {
        environment: options.environment,
        pageSize: options.pageSize,
        signal: io.signal,
      };
      // Not every vendor filters server-side; core's one selection rule makes --environment exact everywhere,
      // and says so instead of selecting nothing when the vendor's data cannot tell a site's stage (issue 13).
      let passedOver = 0;
      const selected = selectByEnvironment(provider.sites.list(listOptions), options.environment, {
        vendor: provider.vendor,
        logger: {
          warn: (_message, fields) => {
            passedOver += Number(fields?.unknown ?? 0);
          },
        },
      });
      await printList(context, selected, { noun: 'sites', limit: options.limit, table: sitesTable });
      if (passedOver > 0) {
        context.warn(
          `${passedOver} sites were passed over: their environment cannot be told from the vendor's data (list them with --environment other)`,
          { unknownEnvironment: passedOver },
        );
      }
    });

  sites
    .command('get')
    .description('show one site')
    .argument('<site>', 'site id')
    .action(async (siteId: string, _options: unknown, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const site = await provider.sites.get(siteId, { signal: io.signal });
      context.print(site, () => recordTable(site, context));
    });

  return sites;
}
