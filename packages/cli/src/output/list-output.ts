import type { CommandContext, OutputStream } from '../context.js';
import { toJsonValue } from './serialize.js';
import type { TableStyle } from './tables.js';

/** How {@link printList} prints one kind of list. @internal */
export interface ListOutput<T> {
  /** What the items are, plural, for messages (`sites`). */
  readonly noun: string;
  /** `--limit`: print at most this many. Absent: every item, however many pages that takes. */
  readonly limit?: number | undefined;
  /** The table for people. */
  readonly table: (items: readonly T[], style: TableStyle) => string;
}

/**
 * Prints a lazy list in the output format asked for, and never cuts it silently (issue 14: `sites list`
 * stopped at 1,000 with nothing said):
 * - `--jsonl`: one compact JSON object per line, each written as soon as its page arrives;
 * - `--json`: one JSON array, also written element by element (`[` once the first item is known, so an error
 *   before any item leaves stdout empty);
 * - a table for people, drawn once every row is known (its columns are sized to the widest value), with a
 *   running count on a terminal's stderr while pages arrive.
 * When `limit` stops the list and more items exist, a warning on stderr says so (one more item is read to
 * know: at most one more page).
 * @internal
 */
export async function printList<T>(
  context: CommandContext,
  items: AsyncIterable<T>,
  output: ListOutput<T>,
): Promise<void> {
  const json = context.json ? new JsonListWriter(context.io.stdout, context.raw, context.jsonLines) : undefined;
  const rows: T[] = [];
  const progress = json ? undefined : await ListProgress.start(context, output.noun);
  let count = 0;
  let cut = false;
  try {
    for await (const item of items) {
      if (output.limit !== undefined && count >= output.limit) {
        cut = true;
        break;
      }
      count += 1;
      if (json) await json.item(item);
      else {
        rows.push(item);
        progress?.update(count);
      }
    }
  } finally {
    progress?.stop();
  }
  if (json) json.end();
  else {
    // Notes about the table (columns hidden to fit) follow it, where a person looks once it is drawn.
    const notes: string[] = [];
    const style: TableStyle = { color: context.color, width: context.width, note: (text) => notes.push(text) };
    context.io.stdout.write(`${output.table(rows, style)}\n`);
    for (const note of notes) context.note(note);
  }
  if (cut) {
    context.warn(
      `more ${output.noun} exist than the ${count} shown (--limit ${output.limit}); raise --limit to see more`,
      { limit: output.limit, shown: count },
    );
  }
}

/** Writes items as one JSON array (indented as `JSON.stringify(list, null, 2)` would) or as JSON Lines. */
class JsonListWriter {
  private count = 0;

  constructor(
    private readonly out: OutputStream,
    private readonly includeRaw: boolean,
    private readonly lines: boolean,
  ) {}

  async item(value: unknown): Promise<void> {
    const json = toJsonValue(value, this.includeRaw);
    let text: string;
    if (this.lines) text = `${JSON.stringify(json)}\n`;
    else {
      const indented = JSON.stringify(json, null, 2).replace(/^/gm, '  ');
      text = `${this.count === 0 ? '[\n' : ',\n'}${indented}`;
    }
    this.count += 1;
    await write(this.out, text);
  }

  end(): void {
    if (this.lines) return;
    this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}

/** Writes, and waits for the stream to drain when it asks to (a slow pipe must not buffer a whole fleet). */
function write(out: OutputStream, text: string): Promise<void> | undefined {
  const flushed = out.write(text);
  const stream = out as OutputStream & { once?: (event: string, listener: () => void) => unknown };
  if (flushed !== false || typeof stream.once !== 'function') return undefined;
  return new Promise((resolve) => stream.once?.('drain', resolve));
}

/** "listing sites: 1200 so far" on a terminal's stderr while the pages of a long list arrive. */
class ListProgress {
  private constructor(
    private readonly spinner: { text: string; stop(): unknown },
    private readonly noun: string,
  ) {}

  static async start(context: CommandContext, noun: string): Promise<ListProgress | undefined> {
    if (!context.interactive) return undefined;
    const { default: ora } = await import('ora');
    const spinner = ora({
      text: `listing ${noun}`,
      stream: context.io.stderr as NodeJS.WritableStream,
      color: context.color ? 'cyan' : false,
      discardStdin: false,
    }).start();
    return new ListProgress(spinner, noun);
  }

  update(count: number): void {
    this.spinner.text = `listing ${this.noun}: ${count} so far`;
  }

  stop(): void {
    this.spinner.stop();
  }
}
