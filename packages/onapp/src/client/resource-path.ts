import { ValidationError } from '@omnihost/core';
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

/** Validates a server id or identifier. @internal */
export function serverRef(value: ServerRef): string {
  const text = String(value);
  if (!SERVER_REF.test(text)) throw invalidId('server id or identifier', text);
  return text;
}

/** Validates a numeric id (disks, backups, templates, transactions). @internal */
export function numericId(value: string | number, what: string): string {
  const text = String(value);
  if (!NUMERIC_ID.test(text)) throw invalidId(`${what} id`, text);
  return text;
}

function invalidId(what: string, text: string): ValidationError {
  return new ValidationError(`onapp: ${JSON.stringify(text.slice(0, 40))} is not a valid ${what}`, {
    vendor: 'onapp',
    fieldErrors: { id: [`must be a ${what}`] },
  });
}

/**
 * Appends the format suffix OnApp selects the wire format by (`/virtual_machines/12` →
 * `/virtual_machines/12.xml`). Paths are built with core's `encodePath` first.
 * @internal
 */
export function withFormat(path: string, format: OnAppFormat): string {
  return `${path}.${format}`;
}
