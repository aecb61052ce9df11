/**
 * Async actions and stacks as tasks: `rawStatus` names the field a state was read from, a degraded stack
 * after a deploy is a warning, and no JSON crashes the reader.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionToTask, asyncActionSchema, enveloped, stackSchema, stackToTask } from '../../src/index.js';

describe('async action → task', () => {
  it('names the field the state was read from, and carries the action name and finished_message', () => {
    const action = (fields: Record<string, unknown>) =>
      actionToTask('s', asyncActionSchema.parse({ id: 7, action: 'restart', ...fields }));
    expect(action({ started_at: null })).toMatchObject({ id: 's:7', kind: 'restart', rawStatus: 'started_at=null' });
    expect(action({ started_at: '2024-01-01T00:00:00Z' }).rawStatus).toBe('finished_at=null');
    expect(action({ finished_at: '2024-01-01T00:00:01Z', finished_success: null })).toMatchObject({
      rawStatus: 'finished_success=null',
      message: 'finished without reporting success',
    });
  });

  it('turns any JSON into a parsed action or a zod error, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = enveloped(asyncActionSchema).safeParse(value);
        if (result.success) expect(actionToTask('s', result.data).vendor).toBe('cloud66');
      }),
    );
  });
});

describe('stack → task (a redeploy without an action id)', () => {
  it('impaired health after a deploy is a warning on the deploy', () => {
    const task = stackToTask(stackSchema.parse({ uid: 'a'.repeat(32), status: 1, health: 2, is_busy: false }));
    expect(task.state).toBe('succeeded');
    expect(task.warnings).toEqual(['stack health: Impaired']);
  });

  it('the message is the status label, and only a finished deploy has a finish time', () => {
    const at = '2024-01-01T00:00:01Z';
    const done = stackToTask(stackSchema.parse({ uid: 'u', status: 1, last_activity_iso: at }));
    expect(done).toMatchObject({ id: 'u:stack', kind: 'stack_redeploy', message: 'Deployed successfully' });
    expect(done.finishedAt?.toISOString()).toBe('2024-01-01T00:00:01.000Z');
    const busy = stackToTask(stackSchema.parse({ uid: 'u', status: 1, is_busy: true, last_activity_iso: at }));
    expect(busy.finishedAt).toBeUndefined();
  });
});
