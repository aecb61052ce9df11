import { createProvider, type Provider, type ProviderConfig } from '@omnihost/core';
import { type Environment, resolveConfig } from './config/resolve-config.js';
import { jsonText } from './output/serialize.js';

/** Where output goes: a writable text stream, and whether a person is watching it. @public */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** Terminal width; 0 or absent when unknown. */
  readonly columns?: number | undefined;
}

/**
 * Whether a spinner can be drawn on `stream`: a TTY with a known width. A pseudo-terminal of width 0
 * (`script`, some CI runners) makes spinner libraries compute an infinite number of lines to clear.
 * @public
 */
export function canAnimate(stream: OutputStream): boolean {
  return stream.isTTY === true && (stream.columns ?? 0) > 0;
}

/** What a CLI run reads and writes, injectable so the CLI runs in-process as well as from the binary. @public */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Environment;
  /** Fires on Ctrl-C: waits stop with `AbortError`, `simulate` shuts its server down. */
  readonly signal?: AbortSignal | undefined;
}

/** The options every command accepts (connection flags are read by {@link resolveConfig}). @public */
export interface GlobalOptions {
  readonly json?: boolean | undefined;
  /** JSON Lines: one compact JSON value per line; lists stream one item per line. */
  readonly jsonl?: boolean | undefined;
  readonly raw?: boolean | undefined;
  readonly color?: boolean | undefined;
  readonly [flag: string]: unknown;
}

/**
 * What a command action works with: the resolved output mode, the provider (built on first use, from
 * flags and `OMNIHOST_*` variables), and printing that honours `--json`.
 * @public
 */
export class CommandContext {
  /** Machine output: `--json` or `--jsonl` (JSON on stdout, errors as JSON on stderr, no colour, no spinner). */
  readonly json: boolean;
  /** `--jsonl`: one compact JSON value per line. */
  readonly jsonLines: boolean;
  readonly raw: boolean;
  /** Colour on: a TTY, no `NO_COLOR`, no `--no-color`, not `--json`. */
  readonly color: boolean;
  /** Spinners on: stderr is a TTY of known width and output is for people. */
  readonly interactive: boolean;
  private providerPromise: Promise<Provider> | undefined;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {
    this.jsonLines = options.jsonl === true;
    this.json = options.json === true || this.jsonLines;
    this.raw = options.raw === true;
    // https://no-color.org: any non-empty NO_COLOR disables colour.
    const noColor = Boolean(io.env.NO_COLOR);
    this.color = !this.json && options.color !== false && !noColor && io.stdout.isTTY === true;
    this.interactive = !this.json && canAnimate(io.stderr);
  }

  /** The validated provider config (throws `ConfigurationError` naming what is missing). */
  config(): ProviderConfig {
    return resolveConfig(this.options, this.io.env);
  }

  /** The provider, created once per command. */
  provider(): Promise<Provider> {
    this.providerPromise ??= (async () => (await createProvider(this.config())) as Provider)();
    return this.providerPromise;
  }

  /**
   * The width tables are fitted to: the terminal's, when stdout is one. Piped output keeps every character
   * (a file or `grep` has no width); `--json` always does.
   */
  get width(): number | undefined {
    const columns = this.io.stdout.columns ?? 0;
    return this.io.stdout.isTTY === true && columns > 0 ? columns : undefined;
  }

  /** Prints `value` as JSON with `--json` (one line with `--jsonl`), otherwise what `human()` renders. */
  print(value: unknown, human: () => string): void {
    this.io.stdout.write(`${this.json ? jsonText(value, this.raw, this.jsonLines) : human()}\n`);
  }

  /** A note for people (stderr, so it never mixes into piped or JSON output). */
  note(text: string): void {
    if (!this.json) this.io.stderr.write(`${text}\n`);
  }

  /**
   * A warning that scripts must see too (a list cut by `--limit`): text on stderr, or with `--json` one line
   * `{"warning":{"message":…,…}}` on stderr, the same shape as errors.
   */
  warn(message: string, details: Readonly<Record<string, unknown>> = {}): void {
    const line = this.json ? JSON.stringify({ warning: { message, ...details } }) : `Warning: ${message}`;
    this.io.stderr.write(`${line}\n`);
  }
}
