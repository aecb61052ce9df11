import { describe, expect, it } from 'vitest';
import { isStartTask, SITE_FACTORY_START_TASKS } from '../../src/rules/start-records.js';
import { type WipTask, wipTaskSchema } from '../../src/schemas/wip-task.js';

/** A `GET /api/v1/tasks` row, as the factory sends it (strings), with `fields` over a backup task of site 356. */
const row = (fields: Record<string, string>): WipTask =>
  wipTaskSchema.parse({
    id: '1099756',
    name: 'SiteArchive 356',
    status: '4',
    added: '1645812585',
    nid: '356',
    class: 'Acquia\\SfBackup\\SiteArchiveV2D8',
    ...fields,
  });

describe('SITE_FACTORY_START_TASKS: which WIP task a start call begins (issue 15)', () => {
  const { 'backups.create': create, 'backups.restore': restore, 'backups.delete': remove } = SITE_FACTORY_START_TASKS;

  it('a backup is a SiteArchive task of the site, by class or, without one, by the name', () => {
    expect(isStartTask(create, row({}), { siteId: '356' })).toBe(true);
    expect(isStartTask(create, row({ class: '' }), { siteId: '356' })).toBe(true);
    expect(isStartTask(create, row({}), { siteId: '357' })).toBe(false);
    expect(isStartTask(create, row({ class: 'Acquia\\SfSite\\SiteInstall' }), { siteId: '356' })).toBe(false);
    // The archive delete's class starts like the archive's: it is not a backup.
    const deletion = row({ class: 'Acquia\\SfBackup\\SiteArchiveDelete', name: 'SiteArchiveDelete 88' });
    expect(isStartTask(create, deletion, { siteId: '356' })).toBe(false);
  });

  it('a restore is matched on the site it restores onto', () => {
    const restoring = row({ class: 'Acquia\\SfBackup\\SiteRestore', name: 'SiteRestore 400', nid: '400' });
    expect(isStartTask(restore, restoring, { siteId: '356', targetSiteId: '400' })).toBe(true);
    expect(isStartTask(restore, restoring, { siteId: '356' })).toBe(false);
    expect(isStartTask(restore, row({ class: 'Acquia\\SfBackup\\SiteRestoreV2D8', name: '' }), { siteId: '356' })).toBe(
      true,
    );
  });

  it('an archive delete names the backup it deletes; a name without a number says nothing against it', () => {
    const deletion = row({ class: 'Acquia\\SfBackup\\SiteArchiveDelete', name: 'SiteArchiveDelete 88' });
    expect(isStartTask(remove, deletion, { siteId: '356', backupId: '88' })).toBe(true);
    expect(isStartTask(remove, deletion, { siteId: '356', backupId: '89' })).toBe(false);
    expect(isStartTask(remove, { ...deletion, name: 'SiteArchiveDelete' }, { siteId: '356', backupId: '89' })).toBe(
      true,
    );
  });
});
