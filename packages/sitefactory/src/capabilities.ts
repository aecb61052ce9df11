import type { Capabilities } from '@omnihost/core';

/** Parts a site backup can hold (seed 002, "Create a site backup"; swichers/acsf-client #84). @public */
export const BACKUP_COMPONENTS = ['codebase', 'database', 'public files', 'private files', 'themes'] as const;

/** Parts a restore can put back: every backup part but the codebase (seed 002, "Restore a site backup"). @public */
export const RESTORE_COMPONENTS = ['database', 'public files', 'private files', 'themes'] as const;

/**
 * What Site Factory can do through the vocabulary.
 *
 * - Backups are whole-site archives with selectable parts, restorable onto another site, downloadable
 *   through a temporary URL.
 * - A deploy is a code update of the stack hosting the site: every site on that stack gets the ref
 *   (`scope: 'stack'`). Promoting another site's code is not a Site Factory operation (staging copies sites
 *   between factories: `POST /api/v2/stage` through `provider.raw`). The update history
 *   (`GET /api/v1/update`) is factory-wide and does not say which stack an update touched, so there is no
 *   per-site deploy list.
 * - Tasks are WIP tasks; terminating one kills it and its children. Code updates report a percentage.
 * - A start whose answer was lost is found again (`provider.operations.reconcile`): a backup by the key its
 *   label carries (exact); a restore, an archive delete and a code update by target, kind and time (heuristic).
 * @public
 */
export const siteFactoryCapabilities = {
  sites: { list: true, get: true },
  backups: {
    list: true,
    get: true,
    create: true,
    restore: true,
    delete: true,
    downloadLink: true,
    restoreToOtherSite: true,
    components: BACKUP_COMPONENTS,
    restoreComponents: RESTORE_COMPONENTS,
    labels: true,
    scope: 'site',
  },
  deploys: {
    deploy: true,
    list: false,
    byRef: true,
    fromSite: false,
    scope: 'stack',
    kind: 'git-ref',
    destructive: false,
    message: false,
  },
  operations: {
    // Issue 15. A backup label keeps the idempotency key; a restore, an archive delete and a code update keep
    // no text of the caller's, so they are found by target, kind and time (services/operations.ts).
    reconcile: {
      'backups.create': 'exact',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    },
  },
  tasks: { get: true, wait: true, cancel: true, progress: true },
} as const satisfies Capabilities;

/** The literal type of {@link siteFactoryCapabilities}. @public */
export type SiteFactoryCapabilities = typeof siteFactoryCapabilities;
