import type { Capabilities } from '@omnihost/core';

/**
 * What Cloud 66 can do through the vocabulary.
 * - Backups are managed database backups taken on a schedule: they can be listed, read and downloaded
 *   (in segments), but the API has no one-off backup, no restore and no delete (vendor notes §3.4,
 *   gotcha 9). Scheduling is on `provider.raw.backups.schedule`.
 * - A deploy redeploys the stack (the site) at a git ref; there is no promotion from another stack. Its
 *   message is kept (`message: true`): Cloud 66 stores it as the deploy action's `metadata.user_reference`
 *   (up to 255 characters, vendor notes §3.2), and the deploy result and `deploys.list` read it back.
 * - Tasks are async actions: no progress figure; `cancel` works for deploys only (a live deployment can be
 *   cancelled, other actions cannot).
 * @public
 */
export const cloud66Capabilities = {
  sites: { list: true, get: true },
  backups: {
    list: true,
    get: true,
    create: false,
    restore: false,
    delete: false,
    downloadLink: true,
    restoreToOtherSite: false,
    components: [],
    restoreComponents: [],
    labels: false,
    scope: 'database',
  },
  deploys: {
    deploy: true,
    list: true,
    byRef: true,
    fromSite: false,
    scope: 'site',
    kind: 'git-ref',
    destructive: false,
    message: true,
  },
  operations: {
    reconcile: {
      'backups.create': 'none',
      'backups.restore': 'none',
      'backups.delete': 'none',
      'deploys.deploy': 'none',
    },
  },
  tasks: { get: true, wait: true, cancel: true, progress: false },
} as const satisfies Capabilities;

/** The type of {@link cloud66Capabilities}. @public */
export type Cloud66Capabilities = typeof cloud66Capabilities;
