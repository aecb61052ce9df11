import type { Cell } from './layout.js';

/**
 * Whether a vendor's own term adds to the shared one: not empty, not the same word. Where it does not, the
 * CLI prints the shared term alone: `running`, never `running (running)`; `active`, never `active ()`
 * (issue 14).
 * @internal
 */
export function saysMore(shared: string, vendorTerm: string | undefined | null): boolean {
  const raw = vendorTerm?.trim() ?? '';
  return raw !== '' && raw.toLowerCase() !== shared.toLowerCase();
}

/**
 * A table cell of the shared term, followed by the vendor's own where it says more (`active (1)`,
 * `prod (production)`). On a narrow terminal the vendor's term is the first thing to go.
 * @internal
 */
export function withVendorTerm(shared: string, vendorTerm: string | undefined | null): Cell {
  return saysMore(shared, vendorTerm) ? { text: `${shared} (${vendorTerm?.trim()})`, short: shared } : shared;
}
