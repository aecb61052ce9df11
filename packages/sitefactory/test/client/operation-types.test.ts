/**
 * The typed client's types. The `expectTypeOf` and `@ts-expect-error` lines are checked by the compiler
 * (`npm run typecheck` covers test files): a wrong type fails the build, not this run. The runtime checks
 * below hold the operation table to the same operations the types describe.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  BodyOf,
  CallInput,
  ListItemOf,
  ListOperationId,
  PathParamsOf,
  QueryOf,
  ResponseOf,
} from '../../src/client/operation-types.js';
import {
  SITE_FACTORY_OPERATIONS,
  type SiteFactoryOperationId,
  SPEC_OPERATION_COUNT,
} from '../../src/client/operations.js';
import type { SiteFactoryClient } from '../../src/client/raw-client.js';

declare const raw: SiteFactoryClient;

describe('typed client', () => {
  it('derives path, query, body and response types per operation', () => {
    expectTypeOf<PathParamsOf<'get_Sites_getSite'>>().toEqualTypeOf<{ site_id: number }>();
    expectTypeOf<PathParamsOf<'get_Sites_getSites'>>().toBeNever();
    expectTypeOf<BodyOf<'get_Sites_getSites'>>().toBeNever();
    expectTypeOf<BodyOf<'post_Sites_clearCaches'>>().toBeNever();
    expectTypeOf<BodyOf<'post_Update_updateV2'>>().toHaveProperty('sites');
    expectTypeOf<BodyOf<'post_Sites_backupSite'>>().toHaveProperty('components');
    expectTypeOf<QueryOf<'get_Sites_getSites'>>().toHaveProperty('limit');
    expectTypeOf<ResponseOf<'get_WipTaskStatus_getWipTaskStatus'>>().toHaveProperty('wip_task');
    expectTypeOf<ListItemOf<'get_Sites_getSites'>>().toHaveProperty('stack_id');
    expectTypeOf<ListItemOf<'get_Task_tasks'>>().toHaveProperty('status');
    expectTypeOf<ListItemOf<'get_Sites_getSiteBackups'>>().toHaveProperty('componentList');
    expectTypeOf<CallInput<'get_Task_task'>>().toHaveProperty('path');
  });

  it('knows which operations are paged lists', () => {
    const sites: ListOperationId = 'get_Sites_getSites';
    const tasks: ListOperationId = 'get_Task_tasks';
    // @ts-expect-error roles arrive as a map ({rid: name}), not a list
    const roles: ListOperationId = 'get_Role_getRoles';
    // @ts-expect-error a single site is not a list
    const site: ListOperationId = 'get_Sites_getSite';
    expect([sites, tasks, roles, site]).toHaveLength(4);
  });

  it('requires what an operation needs and refuses what it does not take', () => {
    const calls = async () => {
      const site = await raw.call('get_Sites_getSite', { path: { site_id: '191' } });
      expectTypeOf(site.stack_id).toEqualTypeOf<number | undefined>();
      await raw.call('get_Sites_getSites');
      await raw.call('post_Sites_backupSite', { path: { site_id: 1 }, body: { label: 'x', components: ['database'] } });
      await raw.call('post_Update_updateV2', { body: { sites: [{ name: 'demo_01', ref: 'tags/1.0', type: 'code' }] } });
      await raw.terminateTask(123);
      // @ts-expect-error the path parameter is required
      await raw.call('get_Sites_getSite');
      // @ts-expect-error label is a string
      await raw.call('post_Sites_backupSite', { path: { site_id: 1 }, body: { label: 3 } });
      // @ts-expect-error cache-clear takes no body (the transport sends `{}`)
      await raw.call('post_Sites_clearCaches', { path: { site_id: 1 }, body: { all: true } });
      for await (const row of raw.list('get_Sites_getSites', { query: { stack_id: 1 } })) {
        expectTypeOf(row.id).toEqualTypeOf<number | undefined>();
      }
      raw.list('get_Groups_getSites', { path: { group_id: 1 } });
      // @ts-expect-error a group's site list needs the group id
      raw.list('get_Groups_getSites');
    };
    expect(typeof calls).toBe('function');
  });

  it('has a runtime row for every operation, the spec ones and the hand-typed ones', () => {
    const ids = Object.keys(SITE_FACTORY_OPERATIONS) as SiteFactoryOperationId[];
    expect(SPEC_OPERATION_COUNT).toBe(120);
    expect(ids).toEqual(expect.arrayContaining(['post_Update_updateV2', 'get_Task_task', 'put_Task_terminateLegacy']));
    for (const id of ids) {
      const row = SITE_FACTORY_OPERATIONS[id];
      const placeholders = [...row.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      expect(placeholders, id).toEqual([...row.pathParams]);
      if (row.listKey !== null) expect(row.maxLimit, id).toBeGreaterThan(0);
    }
  });
});
