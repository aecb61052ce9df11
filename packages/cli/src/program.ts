import { scrubSecrets, VENDOR_IDS, VERSION } from '@omnihost/core';
import { ACCOUNT_VARIABLE, ACCOUNTS_FILE_VARIABLE, DEFAULT_ACCOUNTS_FILE, fleetCommand } from '@omnihost/fleet';
import { type Argument, Command, CommanderError, type Help, Option } from 'commander';
import { backupsCommand } from './commands/backups.js';
import { demoCommand } from './commands/demo.js';
import { deployCommand } from './commands/deploy.js';
import { deploysCommand } from './commands/deploys.js';
import { operationsCommand } from './commands/operations.js';
import { anyNumber, milliseconds } from './commands/option-values.js';
import { simulateCommand } from './commands/simulate.js';
import { sitesCommand } from './commands/sites.js';
import { tasksCommand } from './commands/tasks.js';
import { CONNECTION_FLAGS } from './config/connection-flags.js';
import { connectionArguments, secretValues } from './config/resolve-config.js';
import type { CliIo, OutputStream } from './context.js';
import { describeExitCodes, GENERAL_EXIT_CODES } from './errors/exit-codes.js';
import { ExitStatus } from './errors/exit-status.js';
import { buildErrorReport, formatErrorText } from './errors/format-error.js';
import { wrapText } from './output/layout.js';

/** The global options about output, the only global options a subcommand's help lists (with the account ones). */
const OUTPUT_OPTIONS = new Set(['json', 'jsonl', 'raw', 'color']);

/** The global options naming an account (issue 16): listed by every command that reads them. */
const ACCOUNT_OPTIONS = new Set(['account', 'accountsFile']);

/**
 * Commands that call no vendor API through the connection flags: their help shows no connection flags
 * (issue 14: `simulate --help` listed twenty of them), and `--raw` (a vendor payload) means nothing there.
 * `fleet` reaches vendors through the accounts of its accounts file, never through the connection flags.
 */
const LOCAL_COMMANDS = new Set(['simulate', 'demo', 'help', 'fleet']);

/** Exit codes set by a command for an outcome that is not an error (a fleet run with failed sites), per program. */
const OUTCOME_CODES = new WeakMap<Command, number>();

/** Help and hand-written help text never run wider than this, even on a wide terminal: long lines are hard to read. */
const MAX_HELP_WIDTH = 100;

/**
 * The `omnihost` command tree. Connection flags are global (before or after the subcommand) and stand
 * for the `OMNIHOST_*` variables core reads; `--json` switches every command to machine output.
 *
 * `argv`, when given, is what will be parsed: with `--json` or `--jsonl` in it, usage errors print as one
 * JSON line on stderr too (`{"error":{"name":"UsageError",…},"exitCode":2}`), so a script reads every
 * failure the same way.
 * @public
 */
export function createProgram(io: CliIo, argv: readonly string[] = []): Command {
  const program = new Command('omnihost')
    .description('Sites, backups, deploys and tasks on Acquia Cloud, Site Factory, Cloud 66 and OnApp')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--json', 'machine output: JSON on stdout (errors as JSON on stderr), no colour, no spinner'))
    .addOption(new Option('--jsonl', 'like --json, one value per line: lists print one item per line, as it arrives'))
    .option('--raw', "with --json: include each record's untouched vendor payload")
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .optionsGroup('Account (issue 16: a named account instead of the connection flags):')
    .addOption(
      new Option(
        '--account <name>',
        `${ACCOUNT_VARIABLE}: the account of the accounts file to use (its vendor, settings and secret variables)`,
      ),
    )
    .addOption(
      new Option(
        '--accounts-file <path>',
        `${ACCOUNTS_FILE_VARIABLE}: the accounts file (default ./${DEFAULT_ACCOUNTS_FILE})`,
      ),
    )
    .optionsGroup('Connection (each flag overrides the OMNIHOST_* variable named):');
  for (const entry of CONNECTION_FLAGS) {
    program.addOption(connectionOption(entry));
    for (const legacy of entry.legacyFlags) {
      const option = new Option(`--${legacy} <value>`).hideHelp();
      program.addOption(
        entry.number ? option.argParser(entry.field.endsWith('Ms') ? milliseconds : anyNumber) : option,
      );
    }
  }
  program
    .addCommand(sitesCommand(io))
    .addCommand(backupsCommand(io))
    .addCommand(deployCommand(io))
    .addCommand(deploysCommand(io))
    .addCommand(tasksCommand(io))
    .addCommand(operationsCommand(io))
    .addCommand(simulateCommand(io))
    .addCommand(demoCommand(io))
    // The fleet reads `--accounts-file` and `--json` from this program's options (they are global here).
    .addCommand(
      fleetCommand({ ...io, setExitCode: (code) => OUTCOME_CODES.set(program, code) }, { accountsFileOption: false }),
    )
    .addHelpText('after', () => {
      const width = helpWidth(io.stdout);
      return [
        '',
        'Examples:',
        '  omnihost demo                         # four simulated vendors, no credentials',
        '  omnihost simulate acquia              # a simulator to point the commands at',
        '  OMNIHOST_VENDOR=cloud66 OMNIHOST_TOKEN=... omnihost sites list --json',
        '  omnihost deploy 24-abc --ref tags/2.4.0 --wait',
        "  omnihost operations reconcile '<intent>' --wait  # a start's answer was lost",
        '  omnihost --account acquia-prod sites list  # from omnihost.accounts.json',
        '  omnihost fleet run release.json           # a plan over many accounts',
        '',
        wrapText(
          'Prefer the OMNIHOST_* variables for secrets: flags show in the process list (ps) of the machine.',
          width,
        ),
        '',
        'Exit codes (AbortError, from Ctrl-C, is interrupted):',
        describeExitCodes(width),
      ].join('\n');
    });
  applyEverywhere(program, io, machineOutputAsked(argv));
  return program;
}

function connectionOption(entry: (typeof CONNECTION_FLAGS)[number]): Option {
  const who = entry.vendors.length === VENDOR_IDS.length ? '' : ` (${entry.vendors.join(', ')})`;
  const description = `${entry.variable}${who}${entry.hint ? `: ${entry.hint}` : ''}`;
  if (entry.field === 'vendor') {
    return new Option('--vendor <vendor>', `${entry.variable}: which vendor`).choices(VENDOR_IDS);
  }
  if (entry.boolean) return new Option(`--${entry.flag}`, description);
  if (entry.number) {
    const placeholder = entry.field.endsWith('Ms') ? 'ms' : 'number';
    return new Option(`--${entry.flag} <${placeholder}>`, description).argParser(numberParserFor(entry));
  }
  const option = new Option(`--${entry.flag} <value>`, description);
  return entry.choices ? option.choices(entry.choices) : option;
}

/**
 * A number flag is parsed here, so a typo is a usage error that says what was expected (core's schema then
 * checks the range, naming the variable and the flag).
 */
function numberParserFor(entry: (typeof CONNECTION_FLAGS)[number]): (value: string) => number {
  return entry.field.endsWith('Ms') ? milliseconds : anyNumber;
}

/** Whether `argv` asks for machine output (before a `--`, after which everything is an argument). */
function machineOutputAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.includes('--json') || options.includes('--jsonl');
}

/** The width help is wrapped to: the terminal's (at most {@link MAX_HELP_WIDTH}), or 80 when not a terminal. */
function helpWidth(stream: OutputStream): number {
  const columns = stream.isTTY === true ? (stream.columns ?? 0) : 0;
  return columns > 0 ? Math.min(columns, MAX_HELP_WIDTH) : 80;
}

/** The top-level command `command` belongs to (`backups` for `backups create`). */
function topLevel(command: Command): Command {
  let current = command;
  while (current.parent?.parent) current = current.parent;
  return current;
}

/**
 * Help for every command: a subcommand lists the output options it shares with all commands, never the
 * twenty connection flags (the top-level help lists those once, in their own group), and says where they
 * are when the command needs them. Command lists leave out `[options]`, which only widened the first column
 * until commander stopped wrapping (`backups --help`).
 */
const HELP_CONFIGURATION: Partial<Help> = {
  showGlobalOptions: true,
  // Wrap descriptions down to a narrow column rather than letting a long line run off the terminal.
  minWidthToWrap: 24,
  visibleGlobalOptions(command: Command): Option[] {
    const local = LOCAL_COMMANDS.has(topLevel(command).name());
    const options: Option[] = [];
    for (let ancestor = command.parent; ancestor; ancestor = ancestor.parent) {
      for (const option of ancestor.options) {
        const name = option.attributeName();
        if (option.hidden || (local && name === 'raw')) continue;
        // The account options wherever they are read: every vendor command, and the fleet's accounts file.
        const account =
          ACCOUNT_OPTIONS.has(name) && (!local || (topLevel(command).name() === 'fleet' && name === 'accountsFile'));
        if (!OUTPUT_OPTIONS.has(name) && !account) continue;
        options.push(option);
      }
    }
    return options;
  },
  subcommandTerm(command: Command): string {
    const args = command.registeredArguments.map(argumentTerm);
    return [command.name(), ...args].join(' ');
  },
};

function argumentTerm(argument: Argument): string {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  return argument.required ? `<${name}>` : `[${name}]`;
}

const CONNECTION_NOTE = [
  '',
  'Connection: the vendor and its credentials come from the OMNIHOST_* variables or',
  'their flags (a flag overrides its variable); `omnihost --help` lists them.',
].join('\n');

/** Subcommands added with `addCommand` do not inherit settings, so set them on every command. */
function applyEverywhere(command: Command, io: CliIo, machine: boolean): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      // The CLI decides colour itself (TTY, NO_COLOR, --no-color); help is never coloured.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      outputError: (text, write) => write(machine ? usageErrorJson(text) : text),
    })
    .configureHelp(HELP_CONFIGURATION)
    .showHelpAfterError(machine ? false : '(run with --help for usage)');
  if (command.parent && !LOCAL_COMMANDS.has(topLevel(command).name())) command.addHelpText('after', CONNECTION_NOTE);
  for (const sub of command.commands) applyEverywhere(sub, io, machine);
}

/** A usage error as `--json` prints every error: one line, the same shape as the others, exit code 2. */
function usageErrorJson(text: string): string {
  const message = text.trim().replace(/^error: /, '');
  return `${JSON.stringify({ error: { name: 'UsageError', message }, exitCode: GENERAL_EXIT_CODES.usage })}\n`;
}

/**
 * Commander's own errors (help, version, usage), from this copy of commander or another one: `fleet` comes
 * from `@omnihost/fleet`, which may resolve its own copy, whose error class is not this one.
 */
function isCommanderError(error: unknown): error is CommanderError {
  if (error instanceof CommanderError) return true;
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number';
}

/**
 * Runs the CLI and returns the exit code (never calls `process.exit`, so it runs in-process too). Errors
 * print as text, or as `{"error": {...}, "exitCode": n}` on stderr with `--json`, always without the
 * credentials the run was given.
 * @public
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io, argv);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return OUTCOME_CODES.get(program) ?? GENERAL_EXIT_CODES.ok;
  } catch (error) {
    if (isCommanderError(error)) {
      // Help and version "errors" are how commander ends those commands; everything else is a usage error,
      // already printed by commander.
      return error.exitCode === 0 ? GENERAL_EXIT_CODES.ok : GENERAL_EXIT_CODES.usage;
    }
    // A command that printed its answer and ends with a code of its own (`operations reconcile`: not started).
    if (error instanceof ExitStatus) return error.code;
    const options = program.opts<Record<string, unknown>>();
    const secrets = secretValues(options, io.env);
    const report = buildErrorReport(error, secrets);
    if (options.json === true || options.jsonl === true) {
      const { name, message, details, exitCode } = report;
      io.stderr.write(`${JSON.stringify({ error: { name, message, ...details }, exitCode })}\n`);
    } else {
      const { args, secretFlags } = connectionArguments(options);
      // The commands suggested repeat the flags given: scrubbed like the rest, should a secret sit in one.
      io.stderr.write(
        `${scrubSecrets(formatErrorText(report, error, { connectionArgs: args, secretFlags }), secrets)}\n`,
      );
    }
    return report.exitCode;
  }
}
