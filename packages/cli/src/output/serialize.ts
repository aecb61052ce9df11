/**
 * A model as `--json` prints it: every field, dates as ISO strings, and the vendor's untouched payload
 * (`raw`) only when asked for with `--raw` — it is large and vendor-specific, and scripts that want the
 * vocabulary should not have to wade through it.
 * @public
 */
export function toJsonValue(value: unknown, includeRaw: boolean): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) => (key === 'raw' && !includeRaw ? undefined : item)),
  ) as unknown;
}

/** `toJsonValue` as one line of text (what `--json` writes). @public */
export function jsonLine(value: unknown, includeRaw: boolean): string {
  return JSON.stringify(toJsonValue(value, includeRaw), null, 2);
}

/** A value as `--json` (indented) or `--jsonl` (one line) prints it. @internal */
export function jsonText(value: unknown, includeRaw: boolean, oneLine: boolean): string {
  return oneLine ? JSON.stringify(toJsonValue(value, includeRaw)) : jsonLine(value, includeRaw);
}
