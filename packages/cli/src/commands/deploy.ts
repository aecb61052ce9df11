import { Command, Option } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { idempotencyKeyOption, legacyTimeoutOption, waitOption, waitTimeoutOption } from './option-values.js';
import { refuse } from './refuse.js';
import { finishOperation, type WaitFlags } from './run-operation.js';

interface DeployFlags extends WaitFlags {
  ref?: string;
  fromSite?: string;
  message?: string;
  yes?: boolean;
  idempotencyKey?: string;
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
    .option('-y, --yes', 'confirm a deploy that destroys data (OnApp: the rebuild wipes the server)')
    .addOption(idempotencyKeyOption())
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .addHelpText(
      'after',
      [
        '',
        'Site Factory deploys update the whole stack the site is on',
        '(capabilities.deploys.scope). OnApp deploys rebuild the server from a template',
        'and wipe its disks (capabilities.deploys.destructive): they run only with --yes.',
      ].join('\n'),
    )
    .action(async (siteId: string, options: DeployFlags, command: Command) => {
      if (!options.ref && !options.fromSite) command.error('error: deploy needs --ref <ref> or --from-site <site>');
      const context = new CommandContext(io, command.optsWithGlobals());
      const provider = await context.provider();
      // Issue 13: a deploy that destroys data needs a confirmation a script has to write down. Checked
      // before anything is sent: capabilities are known without a request.
      if (provider.capabilities.deploys.destructive && options.yes !== true) {
        const what = options.ref ? `from ${options.ref}` : `from the code of ${options.fromSite}`;
        refuse(
          command,
          `a ${provider.vendor} deploy destroys data: it rebuilds site ${siteId} ${what} and wipes its disks. ` +
            'Nothing was sent. Add --yes to confirm.',
          'omnihost.confirmationRequired',
        );
      }
      const operation = await provider.deploys.deploy(siteId, {
        ref: options.ref,
        fromSiteId: options.fromSite,
        message: options.message,
        idempotencyKey: options.idempotencyKey,
        signal: io.signal,
      });
      const what = options.ref ? options.ref : `the code of ${options.fromSite}`;
      await finishOperation(context, `deploy of ${what} to ${siteId}`, operation, options);
    });
}
