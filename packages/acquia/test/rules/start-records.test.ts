/**
 * Acquia's start-event table (`ACQUIA_START_EVENTS`, src/rules/start-records.ts): the notification event each
 * start call's task carries, which is also what `operations.reconcile` looks for (issue 15).
 */
import { START_KINDS } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { ACQUIA_START_EVENTS, startEventOf } from '../../src/index.js';

describe('acquia start events (one table)', () => {
  it('names an event for every start kind, and two for a deploy (switch or promotion)', () => {
    expect(Object.keys(ACQUIA_START_EVENTS).sort()).toEqual([...START_KINDS].sort());
    expect(START_KINDS.map((kind) => startEventOf(kind))).toEqual([
      'DatabaseBackupCreated',
      'DatabaseBackupRestored',
      'DatabaseBackupDeleted',
      'CodeSwitched',
    ]);
    expect(startEventOf('deploys.deploy', true)).toBe('CodeDeployed');
    expect(startEventOf('backups.create', true)).toBe('DatabaseBackupCreated');
  });
});
