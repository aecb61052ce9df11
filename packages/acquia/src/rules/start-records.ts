import type { StartKind } from '@omnihost/core';

/**
 * Start call → the `event` of the notification Acquia records for it: the one table. A start names its task
 * after this event, and `operations.reconcile` looks for notifications of this event when a start's answer was
 * lost (issue 15). Events as the API writes them (vendor notes §4.6: `DatabaseBackupCreated`,
 * `DatabaseCopied`; the others by the same pattern, as the simulator writes them). A deploy is two calls: a code
 * switch (`{ ref }`) or a promotion from another environment (`{ fromSiteId }`).
 * @public
 */
export const ACQUIA_START_EVENTS = {
  'backups.create': 'DatabaseBackupCreated',
  'backups.restore': 'DatabaseBackupRestored',
  'backups.delete': 'DatabaseBackupDeleted',
  'deploys.deploy': { ref: 'CodeSwitched', fromSiteId: 'CodeDeployed' },
} as const satisfies Readonly<Record<StartKind, string | Readonly<Record<'ref' | 'fromSiteId', string>>>>;

/** The notification event of a start: its kind, and for a deploy whether it is a promotion. @public */
export function startEventOf(kind: StartKind, promotion = false): string {
  const event = ACQUIA_START_EVENTS[kind];
  return typeof event === 'string' ? event : promotion ? event.fromSiteId : event.ref;
}
