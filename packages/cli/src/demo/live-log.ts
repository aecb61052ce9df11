import { canAnimate, type OutputStream } from '../context.js';

/** The part of an ora spinner the log uses. */
interface StatusLine {
  text: string;
  clear(): unknown;
  render(): unknown;
  start(text?: string): unknown;
  stop(): unknown;
}

/**
 * The demo's output: log lines for everyone, plus — on a TTY only — a spinner line under them with the
 * running totals. Piped output (CI, `| tee`) gets the lines alone, with no escape codes.
 * @internal
 */
export class LiveLog {
  private written = '';
  private stopped = false;
  private spinning = false;

  private constructor(
    private readonly out: OutputStream,
    private readonly spinner: StatusLine | undefined,
  ) {}

  /** Opens a log on `out`; the spinner library is loaded only for a TTY. */
  static async open(out: OutputStream, color: boolean): Promise<LiveLog> {
    if (!canAnimate(out)) return new LiveLog(out, undefined);
    const { default: ora } = await import('ora');
    const spinner = ora({
      stream: out as NodeJS.WritableStream,
      color: color ? 'cyan' : false,
      discardStdin: false,
    });
    return new LiveLog(out, spinner);
  }

  /** Writes a line above the status line. */
  line(text: string): void {
    this.written += `${text}\n`;
    if (this.spinning) this.spinner?.clear();
    this.out.write(`${text}\n`);
    if (this.spinning) this.spinner?.render();
  }

  /** Updates the status line (a TTY only). */
  status(text: string): void {
    if (!this.spinner || this.stopped) return;
    if (this.spinning) {
      this.spinner.text = text;
      return;
    }
    this.spinning = true;
    this.spinner.start(text);
  }

  /** Removes the status line for good. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.spinning = false;
    this.spinner?.stop();
  }

  /** Everything written with {@link line}. */
  text(): string {
    return this.written;
  }
}
