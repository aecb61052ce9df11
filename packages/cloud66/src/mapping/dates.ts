/**
 * Reads a Cloud 66 timestamp. `*_iso` fields are ISO 8601, but plain stack `created_at`/`updated_at`
 * look like `"2014-08-14 00:38:14 UTC"` (vendor notes §2, gotcha 10), which `Date.parse` does not read
 * everywhere. Anything unreadable is `undefined`, never an invalid `Date`.
 * @public
 */
export function parseCloud66Date(value: string | null | undefined): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const railsUtc = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(text);
  const normalised = railsUtc ? `${railsUtc[1]}T${railsUtc[2]}Z` : text;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The first of several timestamps that parses (`created_at_iso` before `created_at`). @internal */
export function firstDate(...values: readonly (string | null | undefined)[]): Date | undefined {
  for (const value of values) {
    const date = parseCloud66Date(value);
    if (date) return date;
  }
  return undefined;
}
