import type { SiteStatus } from '@omnihost/core';

/** The flags a server's condition is read from (`null`/absent = not reported). @public */
export interface ServerFlags {
  readonly built?: boolean | null | undefined;
  readonly booted?: boolean | null | undefined;
  readonly locked?: boolean | null | undefined;
  readonly suspended?: boolean | null | undefined;
}

/**
 * Server flags → site status: the one table, first matching row wins. OnApp has no status string; the
 * order follows cloud.net's power-state rules (virtuozzo/cloudnet app/tasks/server_tasks.rb: ignore
 * updates while `locked`, `built == false` → building, `booted == false` → off, else on), with
 * `suspended` (an administrator's hold) first because nothing runs while it is set.
 * @public
 */
export const SITE_STATUS_TABLE: readonly { readonly when: Readonly<ServerFlags>; readonly status: SiteStatus }[] = [
  { when: { suspended: true }, status: 'stopped' },
  { when: { built: false }, status: 'provisioning' },
  { when: { locked: true }, status: 'busy' },
  { when: { booted: true }, status: 'active' },
  { when: { booted: false }, status: 'stopped' },
];

const FLAG_NAMES = ['built', 'booted', 'locked', 'suspended'] as const;

/** Looks the flags up in {@link SITE_STATUS_TABLE}; nothing matching (no flags at all) is `unknown`. @public */
export function siteStatusOf(flags: ServerFlags): SiteStatus {
  for (const row of SITE_STATUS_TABLE) {
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
