/**
 * `provider.raw`: every operation of the spec by operationId or route, with typed path, query and body
 * parameters and typed responses, end to end against the simulator; and the hand-typed backup download.
 *
 * The `@ts-expect-error` lines are checked by the repository's typecheck (`tsc` covers test files): if a
 * wrong call stopped being a type error, the typecheck would fail on the unused directive.
 */
import { collect, NotFoundError, type Site, ValidationError } from '@omnihost/core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACQUIA_OPERATIONS,
  ACQUIA_SPEC_OPERATION_COUNT,
  type AcquiaProvider,
  type AcquiaRawClient,
  type AcquiaResponseBody,
  type BackupDownloadResponse,
} from '../../src/index.js';
import { ExchangeLog } from '../support/exchange-log.js';
import { specFidelitySuite } from '../support/fidelity.js';
import { type RecordedSimulator, startRecordedSimulator } from '../support/harness.js';

const log = new ExchangeLog();

describe('acquia raw client', () => {
  let recorded: RecordedSimulator;
  let acquia: AcquiaProvider;
  let raw: AcquiaRawClient;
  let prod: Site;
  let staging: Site;

  beforeAll(async () => {
    recorded = await startRecordedSimulator(log, { seed: 51, taskDurationMs: 100 });
    acquia = recorded.provider();
    raw = acquia.raw;
    const sites = await collect(acquia.sites.list(), { limit: 100 });
    prod = sites.find((site) => site.environment === 'prod') as Site;
    staging = sites.find((site) => site.environment === 'staging' && site.group === prod.group) as Site;
  });
  afterAll(async () => {
    await recorded?.close();
  });

  it('types every operation of the spec, plus the hand-typed download', () => {
    expect(ACQUIA_SPEC_OPERATION_COUNT).toBe(353);
    expect(Object.keys(ACQUIA_OPERATIONS)).toHaveLength(354);
    expect(ACQUIA_OPERATIONS.getEnvironmentsDatabaseDownloadBackup).toEqual({
      method: 'GET',
      path: '/environments/{environmentId}/databases/{databaseName}/backups/{backupId}/actions/download',
      body: 'json',
    });
    expectTypeOf<AcquiaResponseBody<'getEnvironment'>>().toHaveProperty('vcs');
    expectTypeOf<AcquiaResponseBody<'getEnvironmentsDatabaseDownloadBackup'>>().toEqualTypeOf<BackupDownloadResponse>();
    expectTypeOf<AcquiaResponseBody<'GET /applications/{applicationUuid}/code'>>().toEqualTypeOf<
      AcquiaResponseBody<'getCodeByApplicationUuid'>
    >();
    const wrongCalls = () => {
      const path = { environmentId: 'e', databaseName: 'd', backupId: 'x' };
      // @ts-expect-error: backupId is an integer in the spec
      void raw.request('getEnvironmentsDatabaseBackup', { path });
      // @ts-expect-error: switching code needs a body with `branch`
      void raw.request('postEnvironmentsSwitchCode', { path: { environmentId: 'e' } });
      // @ts-expect-error: `limit` is a number
      void raw.request('getApplications', { query: { limit: 'ten' } });
      // @ts-expect-error: not an operation of the API
      void raw.request('getEverything');
    };
    expectTypeOf(wrongCalls).toBeFunction();
  });

  it('lists applications with typed query parameters', async () => {
    const { data, status, requestId } = await raw.request('getApplications', { query: { limit: 2, sort: '-label' } });
    expect(status).toBe(200);
    expect(requestId).toBeDefined();
    const names = data._embedded?.items?.map((application) => application.name) ?? [];
    expect(names).toHaveLength(2);
    expect([...names].sort().reverse()).toEqual(names);
  });

  it('calls an operation by route, with a filter', async () => {
    const applicationUuid = prod.group as string;
    const { data } = await raw.request('GET /applications/{applicationUuid}/code', {
      path: { applicationUuid },
      query: { filter: 'name=@tags/*' },
    });
    const refs = data._embedded?.items ?? [];
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((ref) => ref.name.startsWith('tags/') && ref.flags.tag === true)).toBe(true);
  });

  it('starts work with a typed body and waits on the 202 body itself', async () => {
    const { data, status } = await raw.request('postEnvironmentsFiles', {
      path: { environmentId: staging.id },
      body: { source: prod.id },
    });
    expect(status).toBe(202);
    expect(data.message).toBe('Copying files.');
    const task = await acquia.tasks.wait(data as Record<string, unknown>, { minIntervalMs: 50 });
    expect(task).toMatchObject({ state: 'succeeded', kind: 'FilesCopied' });
  });

  it('reads the application notifications', async () => {
    const { data } = await raw.request('getApplicationNotifications', {
      path: { applicationUuid: prod.group as string },
      query: { filter: 'status=completed', sort: '-created_at', limit: 5 },
    });
    const items = data._embedded?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.status === 'completed')).toBe(true);
  });

  it('the hand-typed backup download: `{ url, expires_at }`, fetched without credentials', async () => {
    const backups = await collect(acquia.backups.list(prod.id), { limit: 1 });
    const databaseName = (backups[0]?.components?.[0] ?? '').replace(/^database:/, '');
    const { data } = await raw.request('getEnvironmentsDatabaseDownloadBackup', {
      path: { environmentId: prod.id, databaseName, backupId: Number(backups[0]?.id) },
    });
    expectTypeOf(data).toEqualTypeOf<BackupDownloadResponse>();
    expect(new Date(data.expires_at).getTime()).toBeGreaterThan(Date.now());
    const file = await fetch(data.url);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('an operation the simulator does not model answers the spec’s 404; bad keys and params fail before sending', async () => {
    await expect(
      raw.request('getCronJobsByEnvironmentId', { path: { environmentId: prod.id } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const before = log.exchanges.length;
    await expect(raw.request('getEverything' as 'getAccount')).rejects.toBeInstanceOf(ValidationError);
    await expect(raw.request('getEnvironment', { path: {} } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(
      raw.request('getApplications', { query: { filter: { nested: true } } } as never),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(log.exchanges.length).toBe(before);
  });

  it('a filter on a field the list does not offer is a 400 ValidationError', async () => {
    const error = await raw
      .request('getApplications', { query: { filter: 'colour=blue' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, vendorCode: 'validation_failed' });
    expect((error as Error).message).toMatch(/"colour" is not filterable/);
  });

  it('reads the account', async () => {
    const { data } = await raw.request('getAccount');
    expect(data.mail).toMatch(/@/);
  });
});

specFidelitySuite('client/raw-client.test.ts', log);
