/**
 * A Date from an Acquia timestamp (`2019-09-23T15:59:39+00:00`, `2017-03-28T13:07:54-0500`,
 * `2012-05-15T12:00:00Z`), or undefined when absent or unparseable: a bad date never fails a mapping.
 * @internal
 */
export function parseTimestamp(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (!Number.isNaN(date.getTime())) return date;
  // `-0500` without a colon is not ISO 8601 for every engine; add the colon and try again.
  const fixed = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(fixed.getTime()) ? undefined : fixed;
}
