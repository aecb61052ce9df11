import { NotFoundError, ValidationError } from '@omnihost/core';
import type { OnAppFormat } from '../codec/onapp-codecs.js';

/**
 * A server reference: the numeric id or the 14-character identifier (both address the same server:
 * "Instead of virtual server ID you may use virtual server identifier", docs.onapp.com build page).
 * Anything else is refused before a request is built: a dot would be read by Rails as a format suffix.
 * @public
 */
export type ServerRef = string | number;

const SERVER_REF = /^[A-Za-z0-9]{1,64}$/;
const NUMERIC_ID = /^\d{1,18}$/;

/** Validates a server id or identifier (see {@link idRefusal} for what a malformed one is). @internal */
export function serverRef(value: ServerRef, operation?: string): string {
  const text = String(value);
  if (!SERVER_REF.test(text)) throw idRefusal('server', 'a numeric id or an alphanumeric identifier', text, operation);
  return text;
}

/** Validates a numeric id (disks, backups, templates, transactions). @internal */
export function numericId(value: string | number, what: string, operation?: string): string {
  const text = String(value);
  if (!NUMERIC_ID.test(text)) throw idRefusal(what, 'a number', text, operation);
  return text;
}

/**
 * Why an id was refused before anything was sent. An id of a form OnApp never issues (`999999-doesnotexist`,
 * another vendor's uuid, `12.json`) names nothing that can exist: `NotFoundError`, as on every vendor, so
 * vendor-neutral code has one branch for "no such thing" (issue 13). An empty id is not an id at all:
 * `ValidationError`.
 */
function idRefusal(what: string, form: string, text: string, operation: string | undefined): Error {
  const where = operation ? `onapp ${operation}` : 'onapp';
  if (text.trim() === '') {
    return new ValidationError(`${where}: the ${what} id is required`, {
      vendor: 'onapp',
      operation,
      fieldErrors: { id: ['is required'] },
    });
  }
  return new NotFoundError(
    `${where}: ${JSON.stringify(text.slice(0, 60))} is not an OnApp ${what} id (${form}), so no such ${what} exists`,
    { vendor: 'onapp', operation },
  );
}

/**
 * Appends the format suffix OnApp selects the wire format by (`/virtual_machines/12` →
 * `/virtual_machines/12.xml`). Paths are built with core's `encodePath` first.
 * @internal
 */
export function withFormat(path: string, format: OnAppFormat): string {
  return `${path}.${format}`;
}
