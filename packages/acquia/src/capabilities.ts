import type { Capabilities } from '@omnihost/core';

/**
 * What the Acquia provider can do. Backups are database backups (one database each, in place: restore to
 * another environment is a database copy, `deploys.copyDatabase`); deploys switch one environment or
 * promote another's code; notifications report progress but cannot be cancelled; there is no deploy
 * history endpoint.
 *
 * Every start is reconciled **heuristically** (issue 15): Acquia keeps no free text with a backup, a restore, a
 * delete or a code switch (a promotion's message only annotates a tag), so no idempotency key reaches its
 * records. A lost start is found among the application's notifications by event, environment (and database),
 * and `created_at` in whole seconds, never one begun before the start, never one for two starts.
 * @public
 */
export const acquiaCapabilities = {
  sites: { list: true, get: true },
  backups: {
    list: true,
    get: true,
    create: true,
    restore: true,
    delete: true,
    downloadLink: true,
    restoreToOtherSite: false,
    components: [],
    restoreComponents: [],
    labels: false,
    scope: 'database',
  },
  deploys: {
    deploy: true,
    list: false,
    byRef: true,
    fromSite: true,
    scope: 'site',
    kind: 'git-ref',
    destructive: false,
    message: false,
  },
  operations: {
    reconcile: {
      'backups.create': 'heuristic',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    },
  },
  tasks: { get: true, wait: true, cancel: false, progress: true },
} as const satisfies Capabilities;

/** The literal type of {@link acquiaCapabilities}. @public */
export type AcquiaCapabilities = typeof acquiaCapabilities;
