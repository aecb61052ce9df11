/**
 * The typed vendor client (`provider.raw`) against the simulator: every endpoint of the Site Factory REST
 * API v1 document (seed 002) and every hand-typed operation is callable and answers 200, and the rest
 * of what the simulator serves is exercised too; `raw.list()` pages both list shapes and stops at the last
 * page. The recorded traffic is checked against the spec at the end of the file.
 */
import { readFileSync } from 'node:fs';
import { collect } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../../test/support/shared-reference.js';
import { SITE_FACTORY_OPERATIONS, type SiteFactoryOperationId } from '../../src/client/operations.js';
import type { SiteFactoryExchange } from '../../src/testing/index.js';
import { checkTrafficAgainstSpec, type Recorded, startRecorded, startWithProdSite } from '../support/harness.js';

const traffic: SiteFactoryExchange[] = [];
/** operationIds answered with a 2xx, as the recorded exchanges show. */
const answered = new Set<SiteFactoryOperationId>();

function operationOf(exchange: SiteFactoryExchange): SiteFactoryOperationId | undefined {
  const candidates = Object.entries(SITE_FACTORY_OPERATIONS).filter(([, row]) => {
    const pattern = new RegExp(`^${row.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return row.method === exchange.method && pattern.test(exchange.path);
  });
  // The most literal template wins (`/users/all/api-keys` over `/users/{user_id}/api-keys`).
  candidates.sort(([, a], [, b]) => b.path.replace(/\{[^}]+\}/g, '').length - a.path.replace(/\{[^}]+\}/g, '').length);
  return candidates[0]?.[0] as SiteFactoryOperationId | undefined;
}

describe('sitefactory raw client', () => {
  let env: Recorded;
  const waitFor = (taskId: number | string | undefined) =>
    env.provider.tasks.wait(String(taskId), { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 });

  beforeAll(async () => {
    env = await startRecorded({ taskDurationMs: 60, seed: 5, siteCount: 16 }, traffic);
  });
  afterAll(async () => {
    for (const exchange of traffic) {
      const id = operationOf(exchange);
      if (id && exchange.status >= 200 && exchange.status < 300) answered.add(id);
    }
    await env?.sim.close();
  });

  it('calls every seed-002 endpoint: sites, backups, themes, ownership, collections, groups, domains, keys', async () => {
    const raw = env.provider.raw;
    expect((await raw.call('get_Ping_ping')).message).toBe('pong');
    await raw.call('get_Status_getStatus');
    await raw.call('put_Status_setStatus', { body: { all: 'on' } });

    const listed = await raw.call('get_Sites_getSites', { query: { limit: 100, page: 1 } });
    const sites = listed.sites ?? [];
    const [a, b] = sites.filter((site) => site.site_collection === false);
    const [c1, c2, c3] = sites.filter((site) => site.site_collection === false).slice(2);
    const siteA = a?.id as number;
    expect((await raw.call('get_Sites_getSite', { path: { site_id: siteA } })).id).toBe(siteA);
    const group = (await raw.call('get_Groups_getGroups')).groups?.[0]?.group_id as number;

    const created = await raw.call('post_Sites_createSite', {
      body: { site_name: 'tournew', group_ids: [group], stack_id: 1 },
    });
    await waitFor(created.task_id);
    await raw.call('post_Sites_duplicateSite', {
      path: { site_id: siteA },
      body: { site_name: 'tourcopy', exact_copy: true },
    });

    const backupTask = await raw.call('post_Sites_backupSite', {
      path: { site_id: siteA },
      body: { label: 'tour', components: ['database', 'public files'] },
    });
    await waitFor(backupTask.task_id);
    const backups = (await raw.call('get_Sites_getSiteBackups', { path: { site_id: siteA } })).backups ?? [];
    const backup = backups.find((row) => row.label === 'tour');
    expect(backup?.componentList).toEqual(['database', 'public files']);
    const backupPath = { site_id: siteA, backup_id: backup?.id as number };
    const url = await raw.call('get_Sites_getSiteBackupUrl', { path: backupPath, query: { lifetime: 300 } });
    expect(url.lifetime).toBe(300);
    const download = await fetch(url.url as string);
    expect(download.status).toBe(200);
    const restore = await raw.call('post_Sites_restoreSite', {
      path: { site_id: siteA },
      body: { backup_id: backupPath.backup_id, target_site_id: b?.id as number, components: ['database'] },
    });
    await waitFor(restore.task_id);
    await waitFor((await raw.call('delete_Sites_deleteSiteBackup', { path: backupPath })).task_id);
    const cleared = await raw.call('post_Sites_clearCaches', { path: { site_id: siteA } });
    await Promise.all([waitFor(cleared.task_ids?.drupal_cache_clear), waitFor(cleared.task_ids?.varnish_cache_clear)]);

    const theme = { vcs_url: 'git@example.com:acme/theme.git', vcs_path: 'main' };
    expect(await raw.call('put_Theme_setSiteExternalTheme', { path: { site_id: siteA }, body: theme })).toMatchObject(
      theme,
    );
    await raw.call('post_Theme_refreshSiteExternalThemes', { path: { site_id: siteA } });
    await raw.call('delete_Theme_deleteSiteExternalTheme', { path: { site_id: siteA } });
    expect((await raw.call('get_Theme_getThemePublicKey')).deploy_key).toMatch(/^ssh-rsa /);
    await raw.call('post_ThemeNotification_handleNotification', {
      body: { scope: 'site', event: 'modify', nid: siteA },
    });
    await raw.call('post_Theme_processThemes', { body: {} });
    await raw.call('post_TransferSiteOwnership_transferSiteOwner', {
      path: { site_id: siteA },
      body: { username: 'editor.one', force_transfer: true },
    });

    await raw.call('get_SiteCollections_getCollections');
    const collection = await raw.call('post_SiteCollections_createCollection', {
      body: { name: 'tourcoll', site_ids: [c1?.id as number, c2?.id as number], group_ids: [group] },
    });
    const collectionPath = { collection_id: collection.id as number };
    expect((await raw.call('get_SiteCollections_getCollection', { path: collectionPath })).sites).toHaveLength(2);
    await raw.call('post_SiteCollections_addSiteToCollection', {
      path: collectionPath,
      body: { site_ids: c3?.id as number },
    });
    await raw.call('post_SiteCollections_setPrimarySite', {
      path: collectionPath,
      body: { site_id: c3?.id as number },
    });
    await raw.call('post_SiteCollections_removeSiteFromCollection', {
      path: collectionPath,
      body: { site_ids: [c1?.id as number] },
    });
    await raw.call('delete_SiteCollections_deleteCollection', { path: collectionPath });

    const newGroup = await raw.call('post_Groups_createGroup', { body: { group_name: 'Tour', parent_id: group } });
    const groupPath = { group_id: newGroup.group_id as number };
    expect((await raw.call('get_Groups_getGroupById', { path: groupPath })).parent_id).toBe(group);
    await raw.call('put_Groups_editGroup', { path: groupPath, body: { group_name: 'Tour renamed' } });
    expect(
      (await raw.call('post_Groups_addMembers', { path: groupPath, body: { uids: [51, 61] } })).uids_added,
    ).toEqual([51, 61]);
    await raw.call('get_Groups_getMembers', { path: groupPath });
    await raw.call('post_Groups_addAdmins', { path: groupPath, body: { uids: 61 } });
    await raw.call('delete_Groups_removeAdmins', { path: groupPath, body: { uids: [61] } });
    await raw.call('delete_Groups_removeMembers', { path: groupPath, body: { uids: [61] } });
    await raw.call('post_Groups_addSites', { path: groupPath, body: { site_ids: [siteA] } });
    expect((await raw.call('get_Groups_getSites', { path: groupPath })).count).toBe(1);
    await raw.call('delete_Groups_removeSites', { path: groupPath, body: { site_ids: [siteA] } });
    await raw.call('delete_Groups_deleteGroup', { path: groupPath });

    await raw.call('get_Domains_getDomains', { path: { node_id: siteA } });
    await raw.call('post_Domains_addDomain', { path: { node_id: siteA }, body: { domain_name: 'tour.example.org' } });
    const status = await raw.call('get_Domains_getDomainStatus', { path: { domain_name: 'tour.example.org' } });
    expect(status.node_id).toBe(siteA);
    await raw.call('post_Domains_removeDomain', {
      path: { node_id: siteA },
      body: { domain_name: 'tour.example.org' },
    });

    await waitFor((await raw.call('delete_Sites_deleteSite', { path: { site_id: created.id as number } })).task_id);
    await raw.call('delete_ApiKey_resetUserKeys', { path: { user_id: 41 } });
  });

  it('manages users, roles and factory settings; the update priority orders the site updates', async () => {
    const raw = env.provider.raw;
    const role = await raw.call('post_Role_createRole', { body: { name: 'auditor' } });
    const rolePath = { role_id: role.role_id as number };
    expect(await raw.call('get_Role_getRole', { path: rolePath })).toEqual({ rid: role.role_id, name: 'auditor' });
    await raw.call('put_Role_updateRole', { path: rolePath, body: { new_name: 'reviewer' } });
    expect(Object.values((await raw.call('get_Role_getRoles', { query: { order: 'DESC' } })).roles ?? {})).toContain(
      'reviewer',
    );
    const user = await raw.call('post_User_createUser', {
      body: { name: 'reviewer.one', mail: 'reviewer.one@example.com', roles: ['reviewer'], status: 1 },
    });
    const userPath = { user_id: user.user_id as number };
    await raw.call('put_User_updateUser', { path: userPath, body: { status: 0 } });
    expect((await raw.call('get_User_getUser', { path: userPath })).status).toBe('0');
    await raw.call('delete_User_deleteUser', { path: userPath });
    await raw.call('delete_Role_deleteRole', { path: rolePath });

    await raw.call('put_BackupExpirationManagement_setBackupExpirationSettings', { body: { expiration_days: 30 } });
    expect((await raw.call('get_BackupExpirationManagement_getBackupExpirationSettings')).expiration_days).toBe(30);
    await raw.call('put_TaskLogSettings_editTaskLogSettings', { body: { wip_log_level: 'warn' } });
    expect((await raw.call('get_TaskLogSettings_getTaskLogSettings')).wip_log_level?.value).toBe('warn');
    await raw.call('delete_TaskLogSettings_resetTaskLogSettings');

    const stackOne = ((await raw.call('get_Sites_getSites', { query: { stack_id: 1, limit: 100 } })).sites ?? []).map(
      (site) => site.id as number,
    );
    const last = stackOne.at(-1) as number;
    await raw.call('put_SiteUpdatePriority_setSiteUpdatePriority', { body: { priority: [last] } });
    expect((await raw.call('get_SiteUpdatePriority_getSiteUpdatePriority')).priority).toEqual({ [last]: 1 });
    const update = await raw.call('post_Update_update', { body: { sites_ref: 'tags/2.4.0', stack_id: 1 } });
    await waitFor(update.task_id);
    const children: { id: number; nid: number }[] = [];
    for await (const row of raw.list('get_Task_tasks', { query: { class: 'Acquia\\SfSite\\SiteUpdate' } })) {
      if (row.parent === String(update.task_id)) children.push({ id: Number(row.id), nid: Number(row.nid) });
    }
    children.sort((a, b) => a.id - b.id);
    expect(children.map((child) => child.nid)).toEqual([last, ...stackOne.filter((id) => id !== last)]);
    await raw.call('delete_SiteUpdatePriority_resetSiteUpdatePriority');
  });

  it('calls the hand-typed operations the spec lacks, and the rest of the factory the simulator serves', async () => {
    const raw = env.provider.raw;
    const [first] = (await raw.call('get_Sites_getSites', { query: { limit: 1 } })).sites ?? [];
    const siteId = first?.id as number;
    await raw.call('get_SfInfo_getSfVersion');
    const stacks = await raw.call('get_CodeBases_getCodeBaseNames');
    const stackNames = Object.values(stacks.stacks ?? {});
    await raw.call('get_CodeBases_getCodeBaseDetails');
    await raw.call('put_CodeBases_editCodebaseName', {
      path: { codebase_id: 2 },
      body: { description: 'second stack' },
    });
    expect((await raw.call('get_Vcs_getRefs', { query: { type: 'sites', stack_id: '1' } })).available).toContain(
      'tags/2.4.0',
    );
    await raw.call('get_User_getUsers', { query: { limit: 10 } });
    await raw.call('get_User_getUser', { path: { user_id: 31 } });
    await raw.call('get_Domains_getAllDomains', { query: { limit: 1000 } });
    await raw.call('get_StageV2_stagingEnvironments');
    const stage = await raw.call('post_StageV2_stage', {
      body: { to_env: 'test', sites: [siteId], detailed_status: false },
    });
    await raw.call('get_Task_classes', { path: { type: 'softpause-for-update' } });
    await raw.call('get_Task_logs', { path: { task_id: stage.task_id as number }, query: { level: 'info' } });
    await raw.call('post_Pause_pause', { body: { paused: true, reason: 'tour' } });
    expect(await raw.call('get_Variables_getVariable', { query: { name: 'wip_pause_global' } })).toEqual({
      wip_pause_global: 1,
    });
    await raw.call('post_Pause_pause', { body: { paused: false } });
    await raw.call('post_Pause_pauseTask', {
      path: { task_id: stage.task_id as number },
      body: { paused: true, level: 'family' },
    });
    await raw.call('post_Pause_pauseTask', {
      path: { task_id: stage.task_id as number },
      body: { paused: false, level: 'family' },
    });
    await waitFor(stage.task_id);
    expect((await raw.call('get_Task_task', { path: { task_id: stage.task_id as number } })).status).toBe('16');
    await raw.call('get_Task_tasks', { query: { limit: 100, status: 'not-started' } });

    // A v2 (multi-stack) update, scheduled for later, moved, paused, then terminated.
    const v2 = await raw.call('post_Update_updateV2', {
      body: { sites: stackNames.map((name) => ({ name, ref: 'tags/2.4.0', type: 'code, db' })) },
    });
    await waitFor(v2.task_id);
    const later = await raw.call('post_Update_update', {
      body: { sites_ref: 'tags/2.4.1', sites_type: 'code', stack_id: 1, start_time: '2 hours' },
    });
    const updaterId = later.task_id as number;
    await raw.call('post_Update_changeUpdaterStartTime', {
      body: { updater_id: updaterId, new_update_time: new Date(Date.now() + 5_000).toUTCString() },
    });
    await raw.call('get_Update_updateList');
    await raw.call('get_Update_status', { path: { update_id: 'last' } });
    await raw.call('post_Update_pauseUpdate', { body: { pause: true } });
    await raw.call('post_Update_pauseUpdate', { body: { pause: false } });
    await raw.call('delete_Update_terminateUpdater', { path: { update_id: updaterId } });
    expect((await env.provider.tasks.get(String(updaterId))).state).toBe('cancelled');

    const doomed = await raw.call('post_Sites_backupSite', { path: { site_id: siteId }, body: {} });
    await raw.call('put_Task_terminate', { path: { task_id: doomed.task_id as number } });
    await raw.call('put_Task_terminateLegacy', { path: { task_id: doomed.task_id as number } });
    await raw.call('delete_Task_delete', { path: { task_id: doomed.task_id as number } });

    // Last: regenerating every key locks the old credentials out once the task has run.
    const before = env.sim.apiKeyOf('omnihost.ops');
    const reset = await raw.call('delete_ApiKey_resetKeys');
    await waitFor(reset.task_id);
    expect(env.sim.apiKeyOf('omnihost.ops')).not.toBe(before);
  });
});

describe('sitefactory raw client lists', () => {
  const quick = { minIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 10_000 };
  let env: Recorded;
  let siteId: string;

  beforeAll(async () => {
    ({ siteId, ...env } = await startWithProdSite(traffic));
    // Work for the lists to page through: three more backups of the site, and two cache clears (seven tasks).
    for (const label of ['one', 'two', 'three'])
      await (await env.provider.backups.create(siteId, { label })).wait(quick);
    for (let index = 0; index < 2; index += 1) await (await env.provider.clearCaches(siteId)).wait(quick);
  });
  afterAll(() => env?.sim.close());

  it('a string count ends the paging exactly at the last page (the backup list count)', async () => {
    // `"count":"5"` (two seeded backups, three new ones): a string total still ends the paging exactly at the
    // last page.
    const before = traffic.length;
    const pages = [];
    for await (const page of env.provider.raw
      .list('get_Sites_getSiteBackups', { path: { site_id: siteId }, pageSize: 1 })
      .pages()) {
      pages.push(page);
    }
    const requests = traffic.slice(before).filter((exchange) => exchange.path.endsWith('/backups'));
    const count = (requests[0]?.json as { count?: unknown } | undefined)?.count;
    expect(typeof count).toBe('string');
    expect(requests).toHaveLength(pages.length);
    expect(pages.length).toBe(Number(count));
  });

  it('pages bare-array lists (tasks) and {count, sites} lists alike, stopping at the end', async () => {
    const before = traffic.length;
    const ids: string[] = [];
    for await (const row of env.provider.raw.list('get_Task_tasks', { pageSize: 3 })) ids.push(String(row.id));
    const taskPages = traffic.slice(before).filter((exchange) => exchange.path === '/api/v1/tasks');
    expect(Array.isArray(taskPages[0]?.json)).toBe(true);
    expect(ids.length).toBeGreaterThan(6);
    expect(new Set(ids).size).toBe(ids.length);
    expect(taskPages).toHaveLength(Math.floor(ids.length / 3) + 1);

    const mark = traffic.length;
    const sites = await collect(env.provider.raw.list('get_Sites_getSites', { pageSize: 5 }), { limit: 100 });
    const sitePages = traffic.slice(mark).filter((exchange) => exchange.path === '/api/v1/sites');
    expect(sites).toHaveLength(12);
    // 12 sites in pages of 5: the count says the third page is the last, so there is no fourth request.
    expect(sitePages).toHaveLength(3);
  });
});

describeWithShared('sitefactory raw client covers seed 002', () => {
  it('answered 200 for every endpoint the Site Factory REST API v1 document lists', () => {
    const seed = readFileSync(sharedPath('seeds', '002_6882b13c9b752b57.txt'), 'utf8');
    const endpoints = [...new Set(seed.match(/^(GET|POST|PUT|DELETE|PATCH) \/api\/\S+/gm) ?? [])];
    const ids = endpoints.map((line) => {
      const [method, path] = line.split(' ') as [string, string];
      const found = Object.entries(SITE_FACTORY_OPERATIONS).find(
        ([, row]) => row.method === method && row.path === path,
      );
      return found ? found[0] : `untyped: ${line}`;
    });
    expect(endpoints.length).toBeGreaterThanOrEqual(40);
    expect(ids.filter((id) => id.startsWith('untyped'))).toEqual([]);
    expect(ids.filter((id) => !answered.has(id as SiteFactoryOperationId))).toEqual([]);
    console.info(`[sitefactory seed 002] ${endpoints.length} endpoints, all typed and answered by the simulator`);
  });
});

checkTrafficAgainstSpec('raw client tour', () => traffic);
