/** Cloud 66 task ids: `<stack uid>:<action id>` for async actions, `<stack uid>:stack` for stack-followed deploys. */
import { describe, expect, it } from 'vitest';
import { actionTaskId, parseCloud66TaskId, stackTaskId } from '../../src/index.js';

describe('task ids', () => {
  it('reads task ids of actions and of stack-followed deploys, and rejects anything else', () => {
    expect(parseCloud66TaskId('abc:42')).toEqual({ kind: 'action', stackUid: 'abc', actionId: '42' });
    expect(parseCloud66TaskId('abc:stack')).toEqual({ kind: 'stack', stackUid: 'abc' });
    expect(parseCloud66TaskId('42')).toBeUndefined();
    expect(parseCloud66TaskId('abc:x1')).toBeUndefined();
  });

  it('reads back the ids it makes', () => {
    expect(parseCloud66TaskId(actionTaskId('abc', 42))).toEqual({ kind: 'action', stackUid: 'abc', actionId: '42' });
    expect(parseCloud66TaskId(stackTaskId('abc'))).toEqual({ kind: 'stack', stackUid: 'abc' });
  });
});
