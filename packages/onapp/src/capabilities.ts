import type { Capabilities } from '@omnihost/core';

/**
 * What OnApp can do through the common vocabulary:
 * - backups: list, get, create (incremental when the server supports it, else its primary disk), restore
 *   onto the same server, delete; no download links (backups live on OnApp's backup servers);
 * - deploys: a rebuild of one server from a template named by `ref` (`kind: 'template-rebuild'`); no
 *   history, no promotion from another server. `destructive: true`: the rebuild wipes and reinstalls the
 *   server's disks, so code and tools must ask first (the CLI requires `--yes`); no deploy message is kept
 *   (a rebuild has no note field);
 * - tasks: transactions, which report no progress and cannot be cancelled through the API;
 * - operations (issue 15): a create whose answer was lost is found again exactly, by the idempotency key it
 *   wrote into the backup's note; a restore, a delete and a rebuild keep no text, so they are found by
 *   target, action and transaction order after the mark the start took (heuristic).
 * @public
 */
export const onAppCapabilities = {
  sites: { list: true, get: true },
  backups: {
    list: true,
    get: true,
    create: true,
    restore: true,
    delete: true,
    downloadLink: false,
    restoreToOtherSite: false,
    components: [],
    restoreComponents: [],
    labels: true,
    scope: 'server',
  },
  deploys: {
    deploy: true,
    list: false,
    byRef: true,
    fromSite: false,
    scope: 'site',
    kind: 'template-rebuild',
    destructive: true,
    message: false,
  },
  operations: {
    reconcile: {
      'backups.create': 'exact',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    },
  },
  tasks: { get: true, wait: true, cancel: false, progress: false },
} as const satisfies Capabilities;

/** The type of {@link onAppCapabilities}. @public */
export type OnAppCapabilities = typeof onAppCapabilities;
