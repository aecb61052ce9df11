/**
 * Notifications and 202 bodies as omnihost Tasks (src/mapping/to-task.ts), including a property-based
 * test: whatever a caller hands in as a notification reference, reading it never throws.
 */
import { taskSchema } from '@omnihost/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptedSchema,
  notificationSchema,
  notificationToTask,
  resolveNotificationRef,
  taskFromAccepted,
} from '../../src/index.js';

const UUID = 'f4b37e3c-1a96-4ed4-ad20-3081fe0f9545';

describe('acquia notifications', () => {
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
  it('a notification link gives a queued task; a bare message an untracked one, state unknown, never succeeded', () => {
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
    expect(bare.state).toBe('unknown');
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
