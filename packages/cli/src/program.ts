import { VENDOR_IDS, VERSION } from '@omnihost/core';
import { Command, CommanderError, Option } from 'commander';
import { backupsCommand } from './commands/backups.js';
import { demoCommand } from './commands/demo.js';
import { deployCommand } from './commands/deploy.js';
import { deploysCommand } from './commands/deploys.js';
import { simulateCommand } from './commands/simulate.js';
import { sitesCommand } from './commands/sites.js';
import { tasksCommand } from './commands/tasks.js';
import { CONNECTION_FLAGS } from './config/connection-flags.js';
import { secretValues } from './config/resolve-config.js';
import type { CliIo } from './context.js';
import { describeExitCodes, GENERAL_EXIT_CODES } from './errors/exit-codes.js';
import { buildErrorReport, formatErrorText } from './errors/format-error.js';

/**
 * The `omnihost` command tree. Connection flags are global (before or after the subcommand) and stand
 * for the `OMNIHOST_*` variables core reads; `--json` switches every command to machine output.
 * @public
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('omnihost')
    .description('Sites, backups, deploys and tasks on Acquia Cloud, Site Factory, Cloud 66 and OnApp')
    .version(VERSION, '-V, --version')
    .option('--json', 'machine output: JSON on stdout (errors as JSON on stderr), no colour, no spinner')
    .option('--raw', "with --json: include each record's untouched vendor payload")
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .optionsGroup('Connection (each flag overrides the OMNIHOST_* variable named):');
  for (const entry of CONNECTION_FLAGS) {
    program.addOption(connectionOption(entry));
    for (const legacy of entry.legacyFlags) program.addOption(new Option(`--${legacy} <value>`).hideHelp());
  }
  program
    .addCommand(sitesCommand(io))
    .addCommand(backupsCommand(io))
    .addCommand(deployCommand(io))
    .addCommand(deploysCommand(io))
    .addCommand(tasksCommand(io))
    .addCommand(simulateCommand(io))
    .addCommand(demoCommand(io))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  omnihost demo                                  # four simulated vendors, no credentials',
        '  omnihost simulate acquia                       # a simulator to point the commands at',
        '  OMNIHOST_VENDOR=cloud66 OMNIHOST_TOKEN=... omnihost sites list --json',
        '  omnihost deploy 24-abc --ref tags/2.4.0 --wait',
        '',
        'Prefer the OMNIHOST_* variables for secrets: flags show in the process list (ps) of the machine.',
        '',
        'Exit codes (AbortError, from Ctrl-C, is interrupted):',
        describeExitCodes(),
      ].join('\n'),
    );
  applyEverywhere(program, io);
  return program;
}

function connectionOption(entry: (typeof CONNECTION_FLAGS)[number]): Option {
  const who = entry.vendors.length === VENDOR_IDS.length ? '' : ` (${entry.vendors.join(', ')})`;
  const description = `${entry.variable}${who}${entry.hint ? `: ${entry.hint}` : ''}`;
  if (entry.field === 'vendor') {
    return new Option('--vendor <vendor>', `${entry.variable}: which vendor`).choices(VENDOR_IDS);
  }
  if (entry.boolean) return new Option(`--${entry.flag}`, description);
  return new Option(`--${entry.flag} <value>`, description);
}

/** Subcommands added with `addCommand` do not inherit settings, so set them on every command. */
function applyEverywhere(command: Command, io: CliIo): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) applyEverywhere(sub, io);
}

/**
 * Runs the CLI and returns the exit code (never calls `process.exit`, so it runs in-process too). Errors
 * print as text, or as `{"error": {...}, "exitCode": n}` on stderr with `--json`, always without the
 * credentials the run was given.
 * @public
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return GENERAL_EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are how commander ends those commands; everything else is a usage error,
      // already printed by commander.
      return error.exitCode === 0 ? GENERAL_EXIT_CODES.ok : GENERAL_EXIT_CODES.usage;
    }
    const options = program.opts<Record<string, unknown>>();
    const report = buildErrorReport(error, secretValues(options, io.env));
    if (options.json === true) {
      const { name, message, details, exitCode } = report;
      io.stderr.write(`${JSON.stringify({ error: { name, message, ...details }, exitCode })}\n`);
    } else {
      io.stderr.write(`${formatErrorText(report, error)}\n`);
    }
    return report.exitCode;
  }
}
