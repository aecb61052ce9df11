import { Command, Option } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { legacyTimeoutOption, waitOption, waitTimeoutOption } from './option-values.js';
import { finishOperation, type WaitFlags } from './run-operation.js';

interface DeployFlags extends WaitFlags {
  ref?: string;
  fromSite?: string;
  message?: string;
}

/** `omnihost deploy <site> --ref <ref>` or `--from-site <site>`. @public */
export function deployCommand(io: CliIo): Command {
  return new Command('deploy')
    .description(
      'deploy a git ref (OnApp: rebuild from the template named by --ref) to a site, or promote the code another site runs',
    )
    .argument('<site>', 'site id to deploy to')
    .addOption(new Option('-r, --ref <ref>', 'branch or tag, e.g. main or tags/2.4.0').conflicts('fromSite'))
    .addOption(new Option('--from-site <site>', 'promote what this site runs (Acquia: same application)'))
    .option('-m, --message <text>', 'note recorded with the deploy where the vendor keeps one')
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .addHelpText(
      'after',
      '\nSite Factory deploys update the whole stack the site is on (see capabilities.deploys.scope).',
    )
    .action(async (siteId: string, options: DeployFlags, command: Command) => {
      if (!options.ref && !options.fromSite) command.error('error: deploy needs --ref <ref> or --from-site <site>');
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      const operation = await provider.deploys.deploy(siteId, {
        ref: options.ref,
        fromSiteId: options.fromSite,
        message: options.message,
        signal: io.signal,
      });
      const what = options.ref ? options.ref : `the code of ${options.fromSite}`;
      await finishOperation(context, `deploy of ${what} to ${siteId}`, operation, options);
    });
}
