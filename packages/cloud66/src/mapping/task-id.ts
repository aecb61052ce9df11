/**
 * What a Cloud 66 task id points at. Actions are polled under their stack (`GET
 * /stacks/{uid}/actions/{id}`), so a task id carries both; a redeploy that returned no action id is
 * followed through the stack itself.
 * @public
 */
export type Cloud66TaskRef =
  | { readonly kind: 'action'; readonly stackUid: string; readonly actionId: string }
  | { readonly kind: 'stack'; readonly stackUid: string };

const STACK_SUFFIX = 'stack';

/** The task id of an async action: `<stack uid>:<action id>`. @public */
export function actionTaskId(stackUid: string, actionId: string | number): string {
  return `${stackUid}:${actionId}`;
}

/** The task id that follows a stack's deploy state: `<stack uid>:stack`. @public */
export function stackTaskId(stackUid: string): string {
  return `${stackUid}:${STACK_SUFFIX}`;
}

/** Reads a task id made by {@link actionTaskId} or {@link stackTaskId}; `undefined` if it is neither. @public */
export function parseCloud66TaskId(taskId: string): Cloud66TaskRef | undefined {
  const at = taskId.lastIndexOf(':');
  if (at <= 0) return undefined;
  const stackUid = taskId.slice(0, at);
  const rest = taskId.slice(at + 1);
  if (rest === STACK_SUFFIX) return { kind: 'stack', stackUid };
  if (/^\d{1,18}$/.test(rest)) return { kind: 'action', stackUid, actionId: rest };
  return undefined;
}
