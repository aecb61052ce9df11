import type { ListSitesOptions, Site, SiteEnvironment } from '@omnihost/core';
import { Command } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { recordTable, sitesTable } from '../output/tables.js';
import { environmentOption, limitOption, positiveInteger } from './option-values.js';

interface ListOptions {
  environment?: SiteEnvironment;
  limit: number;
  pageSize?: number;
}

/** `omnihost sites list|get`. @public */
export function sitesCommand(io: CliIo): Command {
  const sites = new Command('sites').description('list and inspect sites (environments, stacks, servers)');

  sites
    .command('list')
    .description('list sites, fetching pages only as far as --limit needs')
    .addOption(environmentOption())
    .addOption(limitOption(1000))
    .option('--page-size <count>', 'items per request (vendor maximum applies)', positiveInteger)
    .action(async (options: ListOptions, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const listOptions: ListSitesOptions = {
        environment: options.environment,
        pageSize: options.pageSize,
        signal: io.signal,
      };
      const listed: Site[] = [];
      for await (const site of provider.sites.list(listOptions)) {
        // Not every vendor filters server-side; filtering again here makes --environment exact everywhere.
        if (options.environment && site.environment !== options.environment) continue;
        listed.push(site);
        // Stopping the lazy list here means no further pages are fetched.
        if (listed.length >= options.limit) break;
      }
      context.print(listed, () => sitesTable(listed, context));
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
