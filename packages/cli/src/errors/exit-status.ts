/**
 * Ends a command that has printed its answer with an exit code other than 0 that is not an error: `operations
 * reconcile` when nothing was started (`GENERAL_EXIT_CODES.notStarted`). `runCli` returns the code and prints
 * nothing more.
 * @internal
 */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitStatus';
  }
}
