import { type Command, CommanderError } from 'commander';
import { GENERAL_EXIT_CODES } from '../errors/exit-codes.js';

/**
 * Ends a command with a usage error (exit 2) whose message says everything needed (a port that is taken, a
 * missing confirmation), without commander's "(run with --help for usage)": the help would not help.
 * Printed through the command's output, so that with `--json` it is one JSON line like every error.
 * @internal
 */
export function refuse(command: Command, message: string, code: string): never {
  const output = command.configureOutput();
  const writeErr = output.writeErr ?? ((text: string) => process.stderr.write(text));
  if (output.outputError) output.outputError(`error: ${message}\n`, writeErr);
  else writeErr(`error: ${message}\n`);
  throw new CommanderError(GENERAL_EXIT_CODES.usage, code, message);
}
