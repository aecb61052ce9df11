/**
 * The mapping tables and the parsers of untrusted input, including property-based tests: whatever a
 * vendor sends, reading it never throws, and an unknown status is never success.
 */
import { siteSchema, taskSchema } from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACQUIA_TASK_STATES,
  acceptedSchema,
  applicationUuidOfEnvironment,
  backupSchema,
  environmentSchema,
  environmentToSite,
  notificationSchema,
  notificationToTask,
  parseAcquiaErrorBody,
  resolveNotificationRef,
  taskFromAccepted,
  taskStateOf,
  toBackup,
  withRaw,
} from '../src/index.js';

const UUID = 'f4b37e3c-1a96-4ed4-ad20-3081fe0f9545';

describe('acquia task states (one table)', () => {
  it('maps exactly the spec’s three statuses; anything else is unknown', () => {
    expect(ACQUIA_TASK_STATES).toEqual({ 'in-progress': 'running', completed: 'succeeded', failed: 'failed' });
    for (const other of ['error', 'Completed', 'done', '', 'constructor', '__proto__', 'toString']) {
      expect(taskStateOf(other)).toBe('unknown');
    }
  });

  it('property: no status but `completed` ever maps to succeeded', () => {
    fc.assert(
      fc.property(fc.string(), (status) => {
        const state = taskStateOf(status);
        expect(state === 'succeeded').toBe(status === 'completed');
      }),
    );
  });

  it('ignores completed_at while in progress and clamps progress', () => {
    const task = notificationToTask(
      notificationSchema.parse({
        uuid: UUID,
        status: 'in-progress',
        progress: 140,
        created_at: '2019-09-23T15:59:39+00:00',
        completed_at: '2019-09-23T15:59:39+00:00',
      }),
    );
    expect(task).toMatchObject({ state: 'running', progress: 100, finishedAt: undefined });
    expect(task.createdAt?.toISOString()).toBe('2019-09-23T15:59:39.000Z');
  });
});

describe('acquia 202 bodies', () => {
  it('a notification link gives a queued task; a bare message gives a usable, untracked one', () => {
    const linked = taskFromAccepted(
      acceptedSchema.parse({
        message: 'Switching code.',
        _links: { notification: { href: `https://cloud.acquia.com/api/notifications/${UUID}` } },
      }),
      'CodeSwitched',
    );
    expect(linked).toMatchObject({ id: UUID, state: 'queued', kind: 'CodeSwitched' });
    const topLevel = taskFromAccepted(acceptedSchema.parse({ message: 'x', notification: UUID }), 'k');
    expect(topLevel.id).toBe(UUID);
    const bare = taskFromAccepted(acceptedSchema.parse({ message: 'Live Dev is being disabled.' }), 'LiveDev');
    expect(bare.state).toBe('succeeded');
    expect(bare.id).toMatch(/^untracked:LiveDev:/);
    expect(bare.warnings).toHaveLength(1);
    expect(taskSchema.safeParse(bare).success).toBe(true);
  });

  it('property: reading any notification reference never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue(), fc.webUrl()), (value) => {
        const uuid = resolveNotificationRef(value);
        expect(uuid === undefined || /^[0-9a-f-]{36}$/i.test(uuid)).toBe(true);
      }),
    );
  });
});

describe('acquia error bodies', () => {
  it('reads the string, object and array forms, and the slugs that mean authentication', () => {
    expect(parseAcquiaErrorBody({ error: 'not_found', message: 'Gone.' })).toMatchObject({
      vendorCode: 'not_found',
      message: 'Gone.',
    });
    expect(parseAcquiaErrorBody({ error: 'validation_failed', message: { branch: 'Bad.' } })).toMatchObject({
      message: 'branch: Bad.',
      fieldErrors: { branch: ['Bad.'] },
    });
    expect(parseAcquiaErrorBody({ error: 'multiple_errors', message: ['a', 'b'] }).fieldErrors).toEqual({
      _: ['a', 'b'],
    });
    expect(parseAcquiaErrorBody({ error: 'unauthorized', message: 'The access token has expired.' }).kind).toBe(
      'authentication',
    );
    expect(parseAcquiaErrorBody({ error: 'forbidden', message: 'No.' }).kind).toBeUndefined();
    expect(parseAcquiaErrorBody('<html><title>500</title></html>')).toEqual({});
  });

  it('property: any body reads without throwing, with bounded text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const details = parseAcquiaErrorBody(body);
        expect((details.message ?? '').length).toBeLessThanOrEqual(500 + 200);
        expect((details.vendorCode ?? '').length).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('acquia sites and backups', () => {
  const environment = (overrides: Record<string, unknown>) =>
    environmentSchema.parse({
      id: `24-${UUID}`,
      name: 'dev',
      label: 'Dev',
      status: 'normal',
      application: { uuid: UUID, name: 'Sample' },
      ...overrides,
    });

  it('maps stage names, falls back to the production flag, and keeps unknown statuses unknown', () => {
    expect(environmentToSite(environment({ name: 'test' })).environment).toBe('staging');
    expect(environmentToSite(environment({ name: 'ra', flags: { production: true } })).environment).toBe('prod');
    expect(environmentToSite(environment({ name: 'ra' })).environment).toBe('other');
    expect(environmentToSite(environment({ status: 'weird' })).status).toBe('unknown');
    const site = environmentToSite(environment({ default_domain: 'sample.dev.acquia-sites.com' }));
    expect(site).toMatchObject({ name: 'Sample.dev', group: UUID, url: 'https://sample.dev.acquia-sites.com' });
    expect(siteSchema.safeParse(site).success).toBe(true);
    expect(applicationUuidOfEnvironment(`24-${UUID}`)).toBe(UUID);
    expect(applicationUuidOfEnvironment('24')).toBeUndefined();
  });

  it('derives a backup’s state from its flags and dates, and keeps the untouched payload as raw', () => {
    const payload = { id: '7', started_at: '2017-03-28T13:07:54-0500', completed_at: null, type: 'ondemand' };
    const parsed = withRaw(backupSchema).parse(payload);
    const backup = toBackup(parsed.value, '1-x', parsed.raw);
    expect(backup).toMatchObject({ id: '7', state: 'pending', trigger: 'manual', rawStatus: 'in-progress' });
    expect(backup.createdAt?.toISOString()).toBe('2017-03-28T18:07:54.000Z');
    expect(backup.raw).toBe(payload);
    expect(toBackup(backupSchema.parse({ id: 8, flags: { deleted: true } }), '1-x').state).toBe('unknown');
  });
});
