/** Tasks are async actions, got and waited on by `<stack uid>:<action id>`; only deploys can be cancelled. */
import { UnsupportedOperationError } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { actionTaskId } from '../../src/index.js';
import { FAST_WAIT, providerFor, STAGING, simulatorForFile } from '../support/harness.js';

const sim = await simulatorForFile();
const provider = providerFor(sim);

describe('tasks', () => {
  it('gets and waits on any async action by "<stack uid>:<action id>"', async () => {
    const uid = sim.stackUid(STAGING);
    const action = await provider.raw.actions.run(uid, { command: 'clear_caches' });
    const id = actionTaskId(uid, action.id);
    expect((await provider.tasks.get(id)).state).toBe('running');
    const done = await provider.tasks.wait(id, FAST_WAIT);
    expect(done).toMatchObject({ state: 'succeeded', kind: 'clear_caches', message: 'Completed successfully' });
  });

  it('refuses to cancel an action that is not a deploy, and ids that are not Cloud 66 ones', async () => {
    const uid = sim.stackUid(STAGING);
    const action = await provider.raw.actions.run(uid, { command: 'restart' });
    await expect(provider.tasks.cancel(actionTaskId(uid, action.id))).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(provider.tasks.get('12345')).rejects.toThrow(/not a Cloud 66 task id/);
  });
});
