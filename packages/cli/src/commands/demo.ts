import { Command, Option } from 'commander';
import { type CliIo, CommandContext } from '../context.js';
import { runDemo } from '../demo/run-demo.js';
import { jsonText } from '../output/serialize.js';

/** `omnihost demo`: the release night across four in-process simulators. @public */
export function demoCommand(io: CliIo): Command {
  return new Command('demo')
    .description(
      'run a vendor-neutral "release night" against the four vendor simulators, in-process: no credentials, no network',
    )
    .addOption(new Option('-r, --ref <ref>', 'the git ref to deploy to staging').default('tags/2.4.0'))
    .addHelpText(
      'after',
      '\nExits 0 when the only failures are the ones the demo planted (and reports them),\n1 otherwise.',
    )
    .action(async (options: { ref: string }, command: Command) => {
      const context = new CommandContext(io, command.optsWithGlobals());
      // With --json the live log goes to stderr, so stdout holds one JSON document.
      const out = context.json ? io.stderr : io.stdout;
      const result = await runDemo({ out, color: context.color, ref: options.ref, signal: io.signal });
      if (context.json) {
        const document = { reports: result.reports, check: result.check };
        io.stdout.write(`${jsonText(document, false, context.jsonLines)}\n`);
      }
      if (!result.check.asPlanned) {
        throw new Error(`the demo met failures it did not plant: ${result.check.unplanned.join('; ')}`);
      }
    });
}
