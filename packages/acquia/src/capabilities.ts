import type { Capabilities } from '@omnihost/core';

/**
 * What the Acquia provider can do. Backups are database backups (one database each, in place: restore to
 * another environment is a database copy, `deploys.copyDatabase`); deploys switch one environment or
 * promote another's code; notifications report progress but cannot be cancelled; there is no deploy
 * history endpoint.
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
      'backups.create': 'none',
      'backups.restore': 'none',
      'backups.delete': 'none',
      'deploys.deploy': 'none',
    },
  },
  tasks: { get: true, wait: true, cancel: false, progress: true },
} as const satisfies Capabilities;

/** The literal type of {@link acquiaCapabilities}. @public */
export type AcquiaCapabilities = typeof acquiaCapabilities;
