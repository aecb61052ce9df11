import { NotFoundError, ValidationError } from '@omnihost/core';

/** What each id field names, for the messages. */
const WHAT: Readonly<Record<string, string>> = {
  siteId: 'site',
  targetSiteId: 'site',
  backupId: 'backup',
  taskId: 'task',
};

/**
 * Site Factory ids (site node ids, backup ids, WIP task ids) are positive integers. An id of any other form
 * (`999999-doesnotexist`, another vendor's uuid, `0`) names nothing a factory can ever issue, so it is a
 * `NotFoundError`, as on every vendor, and no request is spent on it (issue 13: vendor-neutral code has one
 * branch for "no such thing"). An empty id is not an id at all: a `ValidationError` naming the field.
 * @internal
 */
export function numericId(value: string, field: string, operation: string): number {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (text === '') {
    throw new ValidationError(`sitefactory ${operation}: ${field} is required`, {
      vendor: 'sitefactory',
      operation,
      fieldErrors: { [field]: ['is required'] },
    });
  }
  if (!/^\d{1,15}$/.test(text) || Number(text) === 0) {
    const what = WHAT[field] ?? 'resource';
    throw new NotFoundError(
      `sitefactory ${operation}: ${JSON.stringify(text.slice(0, 60))} is not a Site Factory ${what} id (a positive integer), so no such ${what} exists`,
      { vendor: 'sitefactory', operation },
    );
  }
  return Number(text);
}
