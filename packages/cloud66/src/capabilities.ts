import type { Capabilities } from '@omnihost/core';

/**
 * What Cloud 66 can do through the vocabulary.
 * - Backups are managed database backups taken on a schedule: they can be listed, read and downloaded
 *   (in segments), but the API has no one-off backup, no restore and no delete (vendor notes §3.4,
 *   gotcha 9). Scheduling is on `provider.raw.backups.schedule`.
 * - A deploy redeploys the stack (the site) at a git ref; there is no promotion from another stack. Its
 *   message is kept (`message: true`): Cloud 66 stores it as the deploy action's `metadata.user_reference`
 *   (255 characters with the idempotency key after it, vendor notes §3.2), and the deploy result and
 *   `deploys.list` read it back without the key.
 * - `operations.reconcile` (issue 15) is exact for the redeploy: the idempotency key travels at the end of
 *   the `user_reference`, which Cloud 66 keeps in the deploy action's metadata and lets the stack's action list
 *   filter on. The backup start kinds are `none`: Cloud 66 has no such calls, so nothing of them can start.
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
      'deploys.deploy': 'exact',
    },
  },
  tasks: { get: true, wait: true, cancel: true, progress: false },
} as const satisfies Capabilities;

/** The type of {@link cloud66Capabilities}. @public */
export type Cloud66Capabilities = typeof cloud66Capabilities;
