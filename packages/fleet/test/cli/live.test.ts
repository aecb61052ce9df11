/**
 * Live progress (issue 16): on a terminal, per step and account, done / failed / running, sites per minute and
 * an ETA, redrawn in place; piped, a line when the run moves on, never a cursor movement.
 */
import { describe, expect, it } from 'vitest';
import { LiveProgress } from '../../src/cli/live.js';
import type { ProgressSnapshot, RunRecord } from '../../src/index.js';

const run: RunRecord = {
  id: 'mx9abc-123456',
  plan: { steps: [{ action: 'backup', name: 'back up prod' }] },
  accounts: [
    { name: 'acquia-prod', vendor: 'acquia' },
    { name: 'acsf-main', vendor: 'sitefactory' },
  ],
  status: 'running',
  step: 0,
  wave: 0,
  mode: 'redis',
  createdAt: '2026-12-04T23:00:00.000Z',
  updatedAt: '2026-12-04T23:00:00.000Z',
};

function snapshot(done: number): ProgressSnapshot {
  const account = (targets: number, succeeded: number, failed: number) => ({
    targets,
    succeeded,
    failed,
    unknown: 0,
    skipped: 0,
    cancelled: 0,
  });
  return {
    run,
    steps: [
      {
        index: 0,
        name: 'back up prod',
        action: 'backup',
        counts: {
          targets: 300,
          done,
          succeeded: done - 1,
          failed: 1,
          unknown: 0,
          skipped: 0,
          cancelled: 0,
          discovered: 2,
        },
        accounts: { 'acquia-prod': account(200, done - 1, 1), 'acsf-main': account(100, 0, 0) },
        reached: 300,
        running: 300 - done,
        waveEnds: [300],
      },
    ],
    sitesPerMinute: 120,
    etaMs: ((300 - done) / 120) * 60_000,
    finished: false,
  };
}

function stream(isTTY: boolean) {
  let text = '';
  return { isTTY, columns: isTTY ? 120 : undefined, write: (chunk: string) => (text += chunk), text: () => text };
}

describe('live progress', () => {
  it('on a terminal: per step and account done/ok/failed and running, sites/min and ETA, redrawn in place', () => {
    const out = stream(true);
    const live = new LiveProgress(out);
    live.update(snapshot(40));
    const first = out.text();
    expect(first).toMatch(/run mx9abc-123456 {2}running {2}step 1\/1 {2}120 sites\/min {2}ETA 2m10s/);
    expect(first).toMatch(/1\. back up prod +acquia-prod +40\/200 +39 +1 +0/);
    expect(first).toMatch(/1\. back up prod +acsf-main +0\/100 +0 +0 +0/);
    expect(first).toMatch(/1\. back up prod +\(all\) +40\/300 +39 +1 +0 +260 running/);
    live.update(snapshot(100));
    const second = out.text().slice(first.length);
    // Up over the block just drawn, clear, draw again.
    expect(second.startsWith(`\x1b[${first.split('\n').length - 1}A\x1b[J`)).toBe(true);
    expect(second).toContain('100/300');
  });

  it('piped: plain lines, no cursor movement', () => {
    const out = stream(false);
    const live = new LiveProgress(out);
    live.update(snapshot(40));
    live.update(snapshot(41));
    expect(out.text()).not.toContain('\x1b[');
    expect(out.text().trim().split('\n')).toHaveLength(1);
    expect(out.text()).toMatch(/back up prod: 40\/300 done, 1 failed/);
  });
});
