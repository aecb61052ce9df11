import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import pc from 'picocolors';

/**
 * A table column, and how it gives way on a narrow terminal (issue 14: the Acquia sites table was about 190
 * columns wide on an 80-column terminal).
 * @internal
 */
export interface Column {
  readonly header: string;
  /** A shorter header for a narrow column (`env` for `environment`). */
  readonly shortHeader?: string | undefined;
  /** Never shortened nor hidden: ids, which people copy into the next command. */
  readonly keep?: boolean | undefined;
  /**
   * Hidden when even shortened columns do not fit; the highest number goes first. Absent: never hidden, only
   * shortened. Hidden columns are named in a note on stderr; `--json` has every field.
   */
  readonly hideOrder?: number | undefined;
  /** The narrowest the column is shortened to (default 10, or its widest value when that is narrower). */
  readonly minWidth?: number | undefined;
}

/**
 * A cell: its text, or its text and a shorter form shown when the column is too narrow for the text, before
 * anything is cut (`staging` for `staging (test)`: the shared term matters more than the vendor's).
 * @internal
 */
export type Cell = string | { readonly text: string; readonly short: string };

/** How {@link layoutTable} draws. @internal */
export interface LayoutOptions {
  /** Colour in the header. */
  readonly color: boolean;
  /** The terminal's width in columns; absent when output is not a terminal: then nothing is shortened. */
  readonly width?: number | undefined;
  /**
   * Text too long for its column wraps onto more lines (a one-record view, a summary); otherwise it is cut
   * with `…`, so that a list stays one line per item.
   */
  readonly wrap?: boolean | undefined;
}

/** A drawn table, and the headers of the columns it had to hide to fit. @internal */
export interface TableLayout {
  readonly text: string;
  readonly hidden: readonly string[];
}

/** No rule between rows: lists stay one line per item, as `ls -l` or `kubectl get` print them. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
/** One space either side of a cell's text (cli-table3's default padding). */
const PADDING = 2;
const DEFAULT_MIN_WIDTH = 10;
/** Narrower than this, a cut value says nothing (`ab…`). */
const HARD_MIN_WIDTH = 3;
/** Words longer than this may be broken when wrapping. */
const MAX_UNBROKEN_WORD = 16;

function cellText(cell: Cell | undefined): string {
  return cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;
}

/**
 * Draws a table that fits `options.width`: columns are first given their short forms, then the widest
 * columns are shortened (cut with `…`, or wrapped) down to their minimums, then columns are hidden by
 * `hideOrder`, then shortened further; only when nothing else can give way (ids alone are wider than the
 * terminal) does the table overflow.
 * @internal
 */
export function layoutTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  options: LayoutOptions,
): TableLayout {
  const colors = pc.createColors(options.color);
  let visible = columns.map((_, index) => index);
  const hidden: string[] = [];
  for (;;) {
    const fit = (hard: boolean) =>
      options.width === undefined
        ? undefined
        : fitWidths(columns, rows, visible, options.width, options.wrap === true, hard);
    const widths = fit(false);
    const droppable = visible.filter((index) => columns[index]?.hideOrder !== undefined);
    if (widths === undefined || widths.fits) {
      return { text: draw(columns, rows, visible, widths?.widths, options, colors), hidden };
    }
    if (droppable.length === 0) {
      // Nothing left to hide: shorten below the comfortable minimums rather than run off the terminal.
      return { text: draw(columns, rows, visible, fit(true)?.widths, options, colors), hidden };
    }
    const drop = droppable.reduce((a, b) => ((columns[b]?.hideOrder ?? 0) > (columns[a]?.hideOrder ?? 0) ? b : a));
    hidden.unshift(columns[drop]?.header ?? '');
    visible = visible.filter((index) => index !== drop);
  }
}

/** Column widths (text only, without padding) for `visible` within `width`, and whether they fit. */
function fitWidths(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  visible: readonly number[],
  width: number,
  wrap: boolean,
  hard: boolean,
): { widths: number[]; fits: boolean } {
  const natural = (index: number, form: 'text' | 'short') => {
    const column = columns[index];
    let widest = displayWidth((form === 'short' ? column?.shortHeader : undefined) ?? column?.header ?? '');
    for (const row of rows) {
      const cell = row[index];
      if (cell === undefined) continue;
      const text = typeof cell === 'string' ? cell : form === 'short' ? cell.short : cell.text;
      for (const line of clean(text, wrap).split('\n')) widest = Math.max(widest, displayWidth(line));
    }
    return widest;
  };
  /** The longest word of a column (at most {@link MAX_UNBROKEN_WORD}: a URL is broken anyway). */
  const longestWord = (index: number) => {
    const texts = [columns[index]?.header ?? '', ...rows.map((row) => cellText(row[index]))];
    const words = texts.flatMap((text) => clean(text, true).split(/\s+/));
    return Math.min(MAX_UNBROKEN_WORD, Math.max(0, ...words.map(displayWidth)));
  };
  const full = visible.map((index) => natural(index, 'text'));
  const budget = width - (visible.length + 1) - PADDING * visible.length;
  if (sum(full) <= budget) return { widths: full, fits: true };

  const widths = visible.map((index) => natural(index, 'short'));
  if (sum(widths) <= budget) {
    // Short forms fit: give the room left back to the columns that lost text, one column at a time.
    let spare = budget - sum(widths);
    for (let i = 0; i < widths.length && spare > 0; i++) {
      const more = Math.min(spare, (full[i] ?? 0) - (widths[i] ?? 0));
      widths[i] = (widths[i] ?? 0) + more;
      spare -= more;
    }
    return { widths, fits: true };
  }
  // Shorten the widest shortenable column, a character at a time, down to each column's minimum.
  const minimum = visible.map((index, i) => {
    const column = columns[index];
    if (column?.keep) return widths[i] ?? 0;
    if (hard) return Math.min(widths[i] ?? 0, HARD_MIN_WIDTH);
    // Wrapped text reads best when no word is broken: as narrow as the longest word, where that is short.
    const soft = Math.max(column?.minWidth ?? DEFAULT_MIN_WIDTH, wrap ? longestWord(index) : 0);
    return Math.min(widths[i] ?? 0, soft);
  });
  let excess = sum(widths) - budget;
  while (excess > 0) {
    let widest = -1;
    widths.forEach((value, i) => {
      if (value > (minimum[i] ?? 0) && (widest < 0 || value > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return { widths, fits: excess <= 0 };
}

function draw(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  visible: readonly number[],
  widths: readonly number[] | undefined,
  options: LayoutOptions,
  colors: ReturnType<typeof pc.createColors>,
): string {
  const wrap = options.wrap === true;
  const fitted = (cell: Cell | undefined, i: number): string => {
    const text = cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text;
    const width = widths?.[i];
    if (width === undefined) return clean(text, wrap);
    const fits = (value: string) =>
      clean(value, wrap)
        .split('\n')
        .every((line) => displayWidth(line) <= width);
    if (fits(text)) return clean(text, wrap);
    if (cell !== undefined && typeof cell !== 'string' && fits(cell.short)) return clean(cell.short, wrap);
    return wrap ? wrapText(clean(text, true), width) : truncate(clean(text, false), width);
  };
  const head = visible.map((index, i) => {
    const column = columns[index];
    const width = widths?.[i];
    let header = column?.header ?? '';
    if (width !== undefined && displayWidth(header) > width && column?.shortHeader) header = column.shortHeader;
    const text = width === undefined ? header : wrap ? wrapText(header, width) : truncate(header, width);
    return text
      .split('\n')
      .map((line) => colors.cyan(line))
      .join('\n');
  });
  // Colour is applied with picocolors rather than cli-table3's `style.head`: that goes through @colors/colors,
  // which decides on its own from the process's stdout and environment (a CI runner without a TTY turned it
  // off even when the CLI wrote to a terminal-like stream), so the CLI's decision (TTY, NO_COLOR, --no-color)
  // would not be the one that counts.
  const table = new Table({
    head,
    chars: COMPACT,
    style: { head: [], border: [] },
    ...(widths ? { colWidths: widths.map((width) => width + PADDING) } : {}),
  });
  for (const row of rows) table.push(visible.map((index, i) => fitted(row[index], i)));
  return table.toString();
}

/**
 * Vendor text made safe for a terminal: control characters (an escape sequence in a site name would drive
 * the terminal) become `�`, tabs become spaces, and line breaks stay only where a cell may wrap.
 */
function clean(text: string, keepLines: boolean): string {
  return text.replace(/\r\n?/g, '\n').replace(/\p{Cc}/gu, (char) => {
    if (char === '\n') return keepLines ? '\n' : ' ';
    return char === '\t' ? ' ' : '\uFFFD';
  });
}

/** Vendor text for one line of a terminal (a progress line): control characters and line breaks made harmless. @internal */
export function safeLine(text: string): string {
  return clean(text, false);
}

/** Columns a string takes on a terminal: wide East Asian characters and emoji take two, combining marks none. @internal */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripVTControlCharacters(text)) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200b || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  const wide =
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd);
  return wide ? 2 : 1;
}

/** `text` cut to `width` columns, ending in `…` when something was cut. @internal */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const next = charWidth(char.codePointAt(0) ?? 0);
    if (used + next > width - 1) break;
    out += char;
    used += next;
  }
  return `${out}…`;
}

/** `text` wrapped to `width` columns: at spaces where it can, inside a word (a URL) where it must. @internal */
export function wrapText(text: string, width: number): string {
  if (width <= 0) return text;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (displayWidth(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      let rest = word;
      while (displayWidth(rest) > width) {
        const [head, tail] = splitAt(rest, width);
        lines.push(head);
        rest = tail;
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function splitAt(text: string, width: number): [string, string] {
  let used = 0;
  let index = 0;
  for (const char of text) {
    const next = charWidth(char.codePointAt(0) ?? 0);
    if (used + next > width && index > 0) break;
    used += next;
    index += char.length;
  }
  return [text.slice(0, index), text.slice(index)];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
