import type { SiteStatus } from '@omnihost/core';

/** The flags a server's condition is read from (`null`/absent = not reported). @public */
export interface ServerFlags {
  readonly built?: boolean | null | undefined;
  readonly booted?: boolean | null | undefined;
  readonly locked?: boolean | null | undefined;
  readonly suspended?: boolean | null | undefined;
}

/** One row of {@link ONAPP_SITE_STATES}: the flags it requires (absent = any value) and the status. @public */
export interface OnAppSiteStateRow {
  readonly when: Readonly<ServerFlags>;
  readonly status: SiteStatus;
}

/**
 * Server flags → site status: OnApp's one site table, first matching row wins. OnApp has no status
 * string; the order follows cloud.net's power-state rules (virtuozzo/cloudnet app/tasks/server_tasks.rb:
 * ignore updates while `locked`, `built == false` → building, `booted == false` → off, else on), with
 * `suspended` (an administrator's hold) first because nothing runs while it is set.
 * @public
 */
export const ONAPP_SITE_STATES: readonly OnAppSiteStateRow[] = [
  { when: { suspended: true }, status: 'stopped' },
  { when: { built: false }, status: 'provisioning' },
  { when: { locked: true }, status: 'busy' },
  { when: { booted: true }, status: 'active' },
  { when: { booted: false }, status: 'stopped' },
];

/** @deprecated Use {@link ONAPP_SITE_STATES} (the same table under the name every vendor uses). @public */
export const SITE_STATUS_TABLE: readonly OnAppSiteStateRow[] = ONAPP_SITE_STATES;

const FLAG_NAMES = ['built', 'booted', 'locked', 'suspended'] as const;

/** Looks the flags up in {@link ONAPP_SITE_STATES}; nothing matching (no flags at all) is `unknown`. @public */
export function siteStatusOf(flags: ServerFlags): SiteStatus {
  for (const row of ONAPP_SITE_STATES) {
    if (FLAG_NAMES.every((name) => row.when[name] === undefined || row.when[name] === flags[name])) return row.status;
  }
  return 'unknown';
}

/**
 * The vendor's status, as untouched as OnApp allows: it has none, so the flags as they came, e.g.
 * `built=true booted=true locked=false`.
 * @public
 */
export function rawServerStatus(flags: ServerFlags): string {
  const parts: string[] = [];
  for (const name of FLAG_NAMES) {
    const value = flags[name];
    if (value !== undefined && value !== null && (name !== 'suspended' || value)) parts.push(`${name}=${value}`);
  }
  return parts.join(' ') || 'unknown';
}
