import type { StartKind } from '@omnihost/core';
import type { WipTask } from '../schemas/wip-task.js';

/**
 * Which WIP task a start call begins, so a start whose answer was lost is found again in the work pool
 * (`GET /api/v1/tasks`, issue 15).
 *
 * - `classes`: WIP class names (or, where the class is not sent, the task name's first word) of the task.
 *   `Acquia\SfBackup\SiteArchiveV2D8` and the task name `SiteArchive <nid>` are documented
 *   (vendors/sitefactory.md §2.4); the restore and archive-delete classes are not published, so they are
 *   matched by the word the class or name carries (`SiteRestore`, `SiteArchiveDelete`).
 * - `target`: which of the intent's ids the task's `nid` names (a restore works on the site it restores onto).
 * - `nameId`: the intent id the task name ends with, where the factory names it (a delete names the backup);
 *   a name without a trailing number says nothing, and is not held against the task.
 *
 * A code update is not looked up here: its record is the update list (`GET /api/v1/update`, §3.3).
 * @public
 */
export interface StartTaskRule {
  readonly classes: readonly RegExp[];
  readonly target: 'site' | 'target-site';
  readonly nameId?: 'site' | 'target-site' | 'backup' | undefined;
}

/** The start calls whose work is a WIP task on a site, and how each one's task is told apart. @public */
export const SITE_FACTORY_START_TASKS: Readonly<Record<Exclude<StartKind, 'deploys.deploy'>, StartTaskRule>> = {
  'backups.create': { classes: [/\\SiteArchive(V\d+D\d+)?$/, /^SiteArchive$/], target: 'site', nameId: 'site' },
  'backups.restore': { classes: [/\\SiteRestore\w*$/, /^SiteRestore$/], target: 'target-site' },
  'backups.delete': {
    classes: [/\\SiteArchiveDelete\w*$/, /^SiteArchiveDelete$/],
    target: 'site',
    nameId: 'backup',
  },
};

/** The ids of an intent that a task row may name. @public */
export interface StartTargets {
  readonly siteId: string;
  readonly targetSiteId?: string | undefined;
  readonly backupId?: string | undefined;
}

/**
 * Whether a WIP task row is work of this kind on this target: its class (or, without one, its name's first
 * word) is the rule's, its `nid` is the target site, and a trailing number in its name, where the rule reads
 * one, is the intent's id.
 * @public
 */
export function isStartTask(rule: StartTaskRule, row: WipTask, targets: StartTargets): boolean {
  const className = row.class?.trim() || (row.name?.trim().split(/\s+/)[0] ?? '');
  if (!rule.classes.some((pattern) => pattern.test(className))) return false;
  const site = rule.target === 'target-site' ? (targets.targetSiteId ?? targets.siteId) : targets.siteId;
  if (row.nid === undefined || String(row.nid) !== site) return false;
  if (rule.nameId === undefined) return true;
  const named = /\s(\d+)$/.exec(row.name?.trim() ?? '')?.[1];
  const wanted =
    rule.nameId === 'backup'
      ? targets.backupId
      : rule.nameId === 'target-site'
        ? (targets.targetSiteId ?? targets.siteId)
        : targets.siteId;
  return named === undefined || wanted === undefined || named === wanted;
}
