/**
 * Cloud 66's task rule, one table in three parts (CLOUD66_TASK_STATES): async actions by the phase their
 * fields show, deployments by `outcome.meaning`, and a redeploy followed through its stack by `status`,
 * where the `busy` column is the `is_busy` override.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_STATE_TABLE,
  actionPhase,
  actionToTask,
  asyncActionSchema,
  CLOUD66_SITE_STATES,
  CLOUD66_TASK_STATES,
  DEPLOYMENT_OUTCOME_TABLE,
  deploymentState,
  stackSchema,
  stackTaskRow,
  stackTaskState,
  stackToTask,
} from '../../src/index.js';

describe('async action phase → task state', () => {
  const action = (fields: Record<string, unknown>) =>
    actionToTask('s', asyncActionSchema.parse({ id: 7, action: 'restart', ...fields }));

  it('is done when finished_at is set, and finished_success decides how it ended', () => {
    expect(action({ started_at: null }).state).toBe('queued');
    expect(action({ started_at: '2024-01-01T00:00:00Z', finished_at: null }).state).toBe('running');
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: true }).state).toBe('succeeded');
    const failed = action({ finished_at: '2024-01-01T00:00:01Z', finished_success: false, finished_message: 'boom' });
    expect(failed).toMatchObject({ state: 'failed', message: 'boom', rawStatus: 'finished_success=false' });
  });

  it('a deploy that ended unsuccessfully because it was cancelled is cancelled, not failed (issue 13)', () => {
    const ended = (message: string) =>
      action({ finished_at: '2024-01-01T00:00:01Z', finished_success: false, finished_message: message });
    for (const message of ['Deployment cancelled', 'Deployment was canceled', 'cancelled', 'Deploy aborted']) {
      expect(ended(message), message).toMatchObject({ state: 'cancelled', rawStatus: 'finished_success=false' });
    }
    expect(CLOUD66_TASK_STATES.actions['finished-cancelled']).toBe('cancelled');
    // A failure that merely mentions a cancel is still a failure; only an unsuccessful end can be a cancel.
    expect(ended('Deployment failed: the build was cancelled by a hook').state).toBe('failed');
    expect(
      action({ finished_at: '2024-01-01T00:00:01Z', finished_success: true, finished_message: 'cancelled' }).state,
    ).toBe('succeeded');
    expect(
      actionPhase({ finished_at: '2024-01-01T00:00:01Z', finished_success: false, finished_message: 'Cancelled' }),
    ).toBe('finished-cancelled');
  });

  it('treats finished_at without finished_success (where the Go client panics) as failed', () => {
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: null }).state).toBe('failed');
    expect(CLOUD66_TASK_STATES.actions['finished-no-result']).toBe('failed');
  });

  it("reads the old docs' string booleans", () => {
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: 'true' }).state).toBe('succeeded');
  });

  it('never calls an action succeeded unless finished_success is true (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          started_at: fc.option(fc.constant('2024-01-01T00:00:00Z')),
          finished_at: fc.option(fc.constantFrom('2024-01-01T00:00:01Z', '')),
          finished_success: fc.option(fc.constantFrom(true, false, 'true', 'false', 0, 1)),
        }),
        (fields) => {
          const task = action(fields);
          const success =
            fields.finished_success === true || fields.finished_success === 'true' || fields.finished_success === 1;
          if (task.state === 'succeeded') expect(success && Boolean(fields.finished_at)).toBe(true);
        },
      ),
    );
  });
});

describe('deployment outcome → task state', () => {
  it('a deployment that is deploying is running, whatever its outcome says', () => {
    expect(deploymentState({ is_deploying: true, outcome: { meaning: 'success' } })).toBe('running');
    expect(deploymentState({ is_deploying: true })).toBe('running');
  });

  it.each([
    ['success', 'succeeded'],
    ['Successful', 'succeeded'],
    [' failed ', 'failed'],
    ['error', 'failed'],
    ['canceled', 'cancelled'],
    ['aborted', 'cancelled'],
  ] as const)('%j is %s', (meaning, state) => {
    expect(deploymentState({ is_deploying: false, outcome: { meaning } })).toBe(state);
  });

  it('an unlisted or missing meaning is unknown, never success, also for inherited names', () => {
    for (const meaning of ['rolled back', '', 'constructor', 'toString', '__proto__', null, undefined]) {
      expect(deploymentState({ is_deploying: false, outcome: { meaning } })).toBe('unknown');
    }
    expect(deploymentState({})).toBe('unknown');
  });
});

describe('stack status → a redeploy followed through the stack', () => {
  it.each([
    [0, 'queued', 'queued'],
    [1, 'succeeded', 'running'],
    [2, 'failed', 'running'],
    [3, 'running', 'running'],
    [4, 'queued', 'queued'],
    [5, 'queued', 'queued'],
    [6, 'running', 'running'],
    [7, 'failed', 'running'],
  ] as const)('%i is %s on an idle stack, %s on a busy one', (status, idle, busy) => {
    expect(stackTaskRow(status)).toEqual({ idle, busy });
    expect(stackTaskState({ status, is_busy: false })).toBe(idle);
    expect(stackTaskState({ status, is_busy: true })).toBe(busy);
  });

  it('knows the same eight codes as the site table; anything else is unknown, never success', () => {
    expect(Object.keys(CLOUD66_TASK_STATES.stack)).toEqual(Object.keys(CLOUD66_SITE_STATES.status));
    for (const status of [-1, 8, 99, null, undefined]) {
      expect(stackTaskRow(status)).toEqual({ idle: 'unknown', busy: 'unknown' });
      expect(stackTaskState({ status, is_busy: true })).toBe('unknown');
    }
  });

  it('is_busy lives in the table: a busy stack never reads as finished, so a deploy on it is not finished', () => {
    for (const row of Object.values(CLOUD66_TASK_STATES.stack)) {
      expect(['queued', 'running']).toContain(row.busy);
    }
    const task = stackToTask(stackSchema.parse({ uid: 'a'.repeat(32), status: 1, health: 3, is_busy: true }));
    expect(task.state).toBe('running');
  });
});

describe('deprecated names', () => {
  it('ACTION_STATE_TABLE and DEPLOYMENT_OUTCOME_TABLE are parts of CLOUD66_TASK_STATES', () => {
    expect(ACTION_STATE_TABLE).toBe(CLOUD66_TASK_STATES.actions);
    expect(DEPLOYMENT_OUTCOME_TABLE).toBe(CLOUD66_TASK_STATES.deployments);
    expect(actionPhase({ started_at: 'x' })).toBe('running');
  });
});
