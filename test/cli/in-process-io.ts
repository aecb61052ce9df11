import type { CliIo } from '@omnihost/cli';

/** A stream that records what was written, and claims to be a terminal of some width, or not. */
export interface Recorder {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  write(chunk: string): boolean;
  text(): string;
  /** Every chunk, in order, with what `onWrite` returned when it was written. */
  readonly chunks: { readonly text: string; readonly seen: unknown }[];
}

export function recorder(isTTY: boolean, columns?: number, onWrite: () => unknown = () => undefined): Recorder {
  const chunks: { text: string; seen: unknown }[] = [];
  return {
    isTTY,
    columns,
    chunks,
    write(chunk: string) {
      chunks.push({ text: chunk, seen: onWrite() });
      return true;
    },
    text: () => chunks.map((chunk) => chunk.text).join(''),
  };
}

/** What a test passes to `runCli`: an environment, and recorded streams (stdout a terminal or not). */
export interface TestIo extends CliIo {
  readonly stdout: Recorder;
  readonly stderr: Recorder;
  out(): string;
  err(): string;
}

export function testIo(
  env: Record<string, string | undefined>,
  options: { tty?: boolean; columns?: number; signal?: AbortSignal; onWrite?: () => unknown } = {},
): TestIo {
  const stdout = recorder(options.tty ?? false, options.columns, options.onWrite);
  const stderr = recorder(false);
  return { stdout, stderr, env, signal: options.signal, out: stdout.text, err: stderr.text };
}
