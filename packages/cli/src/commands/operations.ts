import { readFile } from 'node:fs/promises';
import {
  ConfigurationError,
  type OperationJSON,
  operationJsonSchema,
  type Provider,
  type StartIntent,
  type StartKind,
  startIntentSchema,
  type VendorId,
} from '@omnihost/core';
import { Command, Option } from 'commander';
import type { z } from 'zod';
import { accountName, connectionArguments, namedAccountVendor } from '../config/resolve-config.js';
import { type CliIo, CommandContext } from '../context.js';
import { GENERAL_EXIT_CODES } from '../errors/exit-codes.js';
import { ExitStatus } from '../errors/exit-status.js';
import { commandLine } from '../output/shell.js';
import { recordTable } from '../output/tables.js';
import { legacyTimeoutOption, waitOption, waitTimeoutOption } from './option-values.js';
import { refuse } from './refuse.js';
import { operationJsonOf, type WaitFlags, waitAndPrint } from './run-operation.js';

interface InputFlags extends WaitFlags {
  intentFile?: string;
  operationFile?: string;
}

/** What a start of each kind is called in progress lines (`backup of 104 (task 29): running`). */
function labelOf(kind: StartKind, siteId: string): string {
  switch (kind) {
    case 'backups.create':
      return `backup of ${siteId}`;
    case 'backups.restore':
      return `restore on ${siteId}`;
    case 'backups.delete':
      return `deletion of a backup of ${siteId}`;
    case 'deploys.deploy':
      return `deploy to ${siteId}`;
  }
}

/**
 * `omnihost operations reconcile|resume`: a start call as data (issue 15). `reconcile` takes the intent a start
 * whose answer was lost printed (`--json`: `error.intent`) and finds the work it began in the vendor's own
 * records, or says nothing started (exit 16, `GENERAL_EXIT_CODES.notStarted`): then, and only then, the start
 * is safe to run again. `resume` takes an operation's JSON (`operation.toJSON()`, printed when a wait was
 * interrupted) and finishes its wait in this process, with the same result the start's `--wait` gives.
 * @public
 */
export function operationsCommand(io: CliIo): Command {
  const operations = new Command('operations').description(
    'find the work of a start whose answer was lost (reconcile), or finish the wait of another process (resume)',
  );

  operations
    .command('reconcile')
    .description(
      "find what a start began from the vendor's records, by its intent; exit 16 when nothing started (safe to retry)",
    )
    .argument('[intent]', 'the intent as JSON, as the failed start printed it')
    .addOption(new Option('--intent-file <path>', 'read the intent from a file (or a --json error report)'))
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 the work was found (with --wait: and it finished); 16 nothing was',
        'started, so running the start again cannot do the work twice; others as for',
        'every command. How sure a match is depends on the vendor and the call',
        '(capabilities.operations.reconcile): exact, by the idempotency key the vendor',
        'kept; heuristic, by the site, the action and the time.',
      ].join('\n'),
    )
    .action(async (text: string | undefined, options: InputFlags, command: Command) => {
      const input = await readInput(command, text, options.intentFile, '--intent-file', 'intent');
      const intent = parseInput(command, input, startIntentSchema, ['intent'], 'intent') as StartIntent;
      const context = contextFor(io, command, intent.vendor);
      const provider = await context.provider();
      const match = matchOf(provider, intent.kind);
      const operation = await provider.operations.reconcile(intent, { signal: io.signal });
      if (!operation) {
        context.print({ started: false, intent }, () => notStartedText(intent));
        throw new ExitStatus(GENERAL_EXIT_CODES.notStarted);
      }
      const json = operationJsonOf(operation);
      const label = labelOf(intent.kind, intent.siteId);
      if (options.wait) {
        context.note(`Found task ${operation.task.id}, ${describeMatch(match, provider.vendor)}.`);
        await waitAndPrint(context, label, operation, options);
        return;
      }
      context.print({ started: true, match, operation: json, task: operation.task }, () =>
        recordTable(operation.task, context),
      );
      context.note(
        [
          `Found task ${operation.task.id}, ${describeMatch(match, provider.vendor)}.`,
          resumeHint(command, operation.task.id, json),
        ].join('\n'),
      );
    });

  operations
    .command('resume')
    .description("finish the wait another process began, from the operation's JSON; with --wait, print its result")
    .argument('[operation]', 'the operation as JSON (operation.toJSON(), or what an interrupted wait printed)')
    .addOption(new Option('--operation-file <path>', 'read the operation from a file (or a --json error report)'))
    .addOption(waitOption())
    .addOption(waitTimeoutOption())
    .addOption(legacyTimeoutOption())
    .action(async (text: string | undefined, options: InputFlags, command: Command) => {
      const input = await readInput(command, text, options.operationFile, '--operation-file', 'operation');
      const json = parseInput(
        command,
        input,
        operationJsonSchema,
        ['resume', 'operation'],
        'operation',
      ) as OperationJSON;
      const context = contextFor(io, command, json.vendor);
      const provider = await context.provider();
      const operation = await provider.operations.resume(json, { signal: io.signal });
      if (options.wait) {
        await waitAndPrint(context, labelOf(json.kind, json.siteId), operation, options);
        return;
      }
      context.print(operation.task, () => recordTable(operation.task, context));
      context.note(resumeHint(command, operation.task.id, json));
    });

  return operations;
}

/**
 * The command's context, with the vendor taken from the intent or operation when no `OMNIHOST_VENDOR` or
 * `--vendor` names one. A vendor named that is not the JSON's is a configuration error: another vendor's
 * records cannot hold the work.
 */
function contextFor(io: CliIo, command: Command, vendor: VendorId): CommandContext {
  const flags = command.optsWithGlobals<Record<string, unknown>>();
  // A named account is the whole connection (issue 16): its vendor is the one set, whatever OMNIHOST_VENDOR says.
  const account = accountName(flags, io.env);
  const accountVendor = namedAccountVendor(flags, io.env);
  const configured = accountVendor ?? (typeof flags.vendor === 'string' ? flags.vendor : io.env.OMNIHOST_VENDOR);
  const source = account !== undefined ? `account ${account}` : 'OMNIHOST_VENDOR or --vendor';
  if (configured !== undefined && configured !== '' && configured !== vendor) {
    throw new ConfigurationError(
      `This is a ${vendor} start, but the CLI is set to ${configured} (${source}): ` +
        `point it at the ${vendor} account the start was sent to`,
      { problems: [`${source} is ${configured}, the JSON's vendor is ${vendor}`] },
    );
  }
  return new CommandContext({ ...io, env: { ...io.env, OMNIHOST_VENDOR: vendor } }, flags);
}

/** The JSON text, from the argument or the file; exactly one of them. */
async function readInput(
  command: Command,
  text: string | undefined,
  file: string | undefined,
  fileFlag: string,
  what: string,
): Promise<string> {
  if (text !== undefined && file !== undefined) {
    refuse(command, `give the ${what} as an argument or with ${fileFlag}, not both`, 'omnihost.inputTwice');
  }
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      refuse(command, `cannot read ${fileFlag} ${file} (${reason})`, 'omnihost.inputUnreadable');
    }
  }
  if (text === undefined) {
    refuse(command, `give the ${what} as JSON, or a file with ${fileFlag} <path>`, 'omnihost.inputMissing');
  }
  return text;
}

/**
 * The intent or operation in `text`: the object itself, or wrapped where the CLI prints it (`{"intent":…}`,
 * a `--json` error report `{"error":{"intent":…}}`, the reconcile's `{"operation":…}`), so that a script can
 * hand the CLI's own output back to it. Anything else is a usage error that says what is wrong.
 */
function parseInput<S extends z.ZodType>(
  command: Command,
  text: string,
  schema: S,
  wrappers: readonly string[],
  what: string,
): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse(command, `the ${what} is not JSON: pass it in single quotes, as printed`, 'omnihost.inputNotJson');
  }
  const unwrapped = unwrap(value, wrappers);
  const parsed = schema.safeParse(unwrapped);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`);
    refuse(command, `not a valid ${what}: ${problems.join('; ')}`, 'omnihost.inputInvalid');
  }
  return parsed.data;
}

function unwrap(value: unknown, wrappers: readonly string[]): unknown {
  const record = asRecord(value);
  if (!record) return value;
  for (const holder of [record, asRecord(record.error)]) {
    for (const key of wrappers) {
      const inner = asRecord(holder?.[key]);
      if (inner) return inner;
    }
  }
  return value;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** How the vendor matches this kind of start (`capabilities.operations.reconcile`). */
function matchOf(provider: Provider, kind: StartKind): string {
  return provider.capabilities.operations.reconcile[kind];
}

function describeMatch(match: string, vendor: string): string {
  if (match === 'exact') return `matched by the idempotency key ${vendor} kept`;
  if (match === 'heuristic') {
    return `matched by site, action and time (${vendor} keeps no key for this call): the earliest such task begun after the start`;
  }
  return 'the work this start began';
}

function resumeHint(command: Command, taskId: string, json: OperationJSON | undefined): string {
  const { args } = connectionArguments(command.optsWithGlobals());
  if (!json) return `Wait for it with: ${commandLine([...args, 'tasks', 'wait', taskId])}`;
  return `Wait for its result with: ${commandLine([...args, 'operations', 'resume', JSON.stringify(json), '--wait'])}`;
}

function notStartedText(intent: StartIntent): string {
  const what = labelOf(intent.kind, intent.siteId);
  return [
    `Nothing was started: ${intent.vendor}'s records show no ${what} from this start (begun ${intent.startedAt}).`,
    'Running the command again cannot do the work twice.',
  ].join('\n');
}
