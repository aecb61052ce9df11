import {
  type CallOptions,
  ConflictError,
  type Deployment,
  type Operation,
  type OperationJSON,
  type OperationService,
  operationJsonSchema,
  processTaskClaims,
  type ReconcileOptions,
  type StartIntent,
  type StartKind,
  type StartResult,
  startIntentSchema,
  type Task,
  UnsupportedOperationError,
  ValidationError,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { parseCloud66Date } from '../mapping/dates.js';
import { actionTaskId, parseCloud66TaskId } from '../mapping/task-id.js';
import { actionToTask } from '../mapping/to-task.js';
import type { Cloud66AsyncAction } from '../schemas/async-action.js';
import { carriesKey, DEPLOY_ACTIONS, deployMessageOf, userReferenceOf } from './deploy-messages.js';
import { deployOperation, USER_REFERENCE_MARK } from './deploys.js';
import { checkedId } from './ids.js';
import { followStackDeploy } from './stack-deploy-poll.js';

/** Why the backup start kinds have nothing to reconcile (vendor notes §3.4, gotcha 9). */
const NO_SUCH_START =
  'Cloud 66 has no on-demand backup, restore or delete call (capabilities.operations.reconcile says none), so no such start can have happened';

/**
 * How far before the intent (by its client clock) a scan of the stack's actions keeps reading: the server's
 * clock may run behind the client's. An action that began earlier than this was created before the intent,
 * and so was every action listed after it (the list is newest first).
 */
const CLOCK_SKEW_MS = 10 * 60_000;

/** Action pages a scan reads at most (30 actions each) before it gives up rather than guess. */
const MAX_SCAN_PAGES = 50;

/**
 * `provider.operations` for Cloud 66 (issue 15). The one start call is the redeploy, and its match is exact:
 * `deploys.deploy` sends the idempotency key at the end of the `user_reference`, which Cloud 66 keeps in the
 * deploy action's `metadata` (vendor notes §3.2), and the stack's actions are listed per stack, filterable by
 * `user_reference` (added 2023-10). A reconcile therefore finds the action that carries the intent's key, or
 * returns `null`: no deploy action of the stack carries it, so the redeploy never ran. It never adopts a
 * deploy by time: a deploy without the key was started by someone else (the web UI, a hook, another client).
 *
 * Backups have no start call on Cloud 66 (`capabilities.backups`): reconcile and resume of those kinds throw
 * `UnsupportedOperationError`, as every call the vendor cannot do.
 * @internal
 */
export function createOperationService(
  raw: Cloud66Client,
  tasks: { get(id: string, options?: CallOptions): Promise<Task> },
): OperationService {
  const reconcileDeploy = async (
    intent: StartIntent,
    options: ReconcileOptions,
  ): Promise<Operation<Deployment> | null> => {
    const action = await findDeployAction(raw, intent, options.signal);
    if (!action) return null;
    const taskId = actionTaskId(intent.siteId, action.id);
    // adoptCandidate's exact rule, applied here directly (core's `idempotencyKeyIn` misreads a key that ends
    // in `.`, `:` or `-`; `carriesKey` reads it whole): the action carrying the key is the intent's, and is
    // claimed for it so that no heuristic reconcile sharing these claims takes it for another intent. A claim
    // held by another intent does not outweigh the key the action carries: answering `null` would invite a
    // second deploy.
    await (options.claims ?? processTaskClaims()).claim('cloud66', taskId, intent.key);
    const task = actionToTask(intent.siteId, action);
    return deployOperation(raw, tasks, {
      intent,
      task,
      ref: intent.ref,
      queued: task.state === 'queued',
      requestedAt: Date.parse(intent.startedAt),
      message: deployMessageOf(action),
    });
  };

  const resumeDeploy = async (json: OperationJSON, options: CallOptions): Promise<Operation<Deployment>> => {
    const ref = parseCloud66TaskId(json.taskId);
    if (!ref || ref.stackUid !== json.siteId) {
      throw invalid('operations.resume', 'taskId', `is not a task of site ${json.siteId.slice(0, 60)}`);
    }
    const details = json.details ?? {};
    const requestedAt = typeof details.requestedAt === 'number' ? details.requestedAt : Date.parse(json.startedAt);
    // The task as it is now: the wait then goes on from where the other process left it.
    const task =
      ref.kind === 'stack'
        ? await followStackDeploy(raw, json.siteId, requestedAt)(options.signal)
        : await tasks.get(json.taskId, { signal: options.signal });
    return deployOperation(raw, tasks, {
      intent: json,
      task,
      ref: typeof details.ref === 'string' ? details.ref : undefined,
      queued: details.queued === true,
      requestedAt,
      message: typeof details.message === 'string' ? details.message : undefined,
    });
  };

  return {
    async reconcile<K extends StartKind>(
      intent: StartIntent & { kind: K },
      options: ReconcileOptions = {},
    ): Promise<Operation<StartResult<K>> | null> {
      const checked = checkedIntent(intent);
      if (checked.kind !== 'deploys.deploy') {
        throw new UnsupportedOperationError('cloud66', `operations.reconcile of ${checked.kind}`, NO_SUCH_START);
      }
      return (await reconcileDeploy(checked, options)) as Operation<StartResult<K>> | null;
    },
    async resume<K extends StartKind>(
      json: OperationJSON & { kind: K },
      options: CallOptions = {},
    ): Promise<Operation<StartResult<K>>> {
      const checked = checkedJson(json);
      if (checked.kind !== 'deploys.deploy') {
        throw new UnsupportedOperationError('cloud66', `operations.resume of ${checked.kind}`, NO_SUCH_START);
      }
      return (await resumeDeploy(checked, options)) as Operation<StartResult<K>>;
    },
  };
}

/**
 * The deploy action of the stack that carries the intent's key, or undefined when the stack's actions show none.
 * 1. With the `user_reference` the deploy sent (noted on the intent), the documented filter answers in one
 *    request. A page whose every action has that reference is the filter's answer, and an empty one proves
 *    there is none; a page with other references means the server ignored the filter: read on.
 * 2. Otherwise, the stack's actions, newest first, back to the first action that began well before the
 *    intent (everything listed after it is older still). A queued deploy has no `started_at` yet and is
 *    matched by its key all the same.
 */
async function findDeployAction(
  raw: Cloud66Client,
  intent: StartIntent,
  signal: AbortSignal | undefined,
): Promise<Cloud66AsyncAction | undefined> {
  const isTheDeploy = (action: Cloud66AsyncAction) =>
    DEPLOY_ACTIONS.has(action.action ?? '') && carriesKey(userReferenceOf(action), intent.key);
  const sent = intent.marks?.[USER_REFERENCE_MARK];
  if (typeof sent === 'string' && sent.length > 0 && sent.length <= 255 && carriesKey(sent, intent.key)) {
    for await (const page of raw.actions.list(intent.siteId, { userReference: sent, signal }).pages()) {
      const found = page.find(isTheDeploy);
      if (found) return found;
      if (page.every((action) => userReferenceOf(action) === sent)) return undefined;
      break;
    }
  }
  const since = Date.parse(intent.startedAt) - CLOCK_SKEW_MS;
  let read = 0;
  for await (const page of raw.actions.list(intent.siteId, { signal }).pages()) {
    const found = page.find(isTheDeploy);
    if (found) return found;
    if (page.some((action) => (parseCloud66Date(action.started_at)?.getTime() ?? Number.POSITIVE_INFINITY) < since)) {
      return undefined;
    }
    read += 1;
    if (read >= MAX_SCAN_PAGES) {
      // Returning null here could have the caller deploy twice: say that the records could not tell.
      throw new ConflictError(
        `cloud66 operations.reconcile: more than ${MAX_SCAN_PAGES * 30} actions on stack ${intent.siteId} since the deploy began; cannot tell whether it started`,
        { vendor: 'cloud66', operation: 'operations.reconcile' },
      );
    }
  }
  return undefined;
}

/** An intent read back from anywhere (a file, a queue, another process) is checked before it is used. */
function checkedIntent(intent: StartIntent): StartIntent {
  const parsed = startIntentSchema.safeParse(intent);
  if (!parsed.success) throw invalid('operations.reconcile', 'intent', 'is not a start intent');
  const checked = parsed.data as StartIntent;
  if (checked.vendor !== 'cloud66') throw invalid('operations.reconcile', 'intent', `is a ${checked.vendor} intent`);
  checkedId(checked.siteId, 'site', 'operations.reconcile');
  return checked;
}

function checkedJson(json: OperationJSON): OperationJSON {
  const parsed = operationJsonSchema.safeParse(json);
  if (!parsed.success) throw invalid('operations.resume', 'json', 'is not an operation (operation.toJSON())');
  const checked = parsed.data as OperationJSON;
  if (checked.vendor !== 'cloud66') throw invalid('operations.resume', 'json', `is a ${checked.vendor} operation`);
  checkedId(checked.siteId, 'site', 'operations.resume');
  return checked;
}

function invalid(operation: string, field: string, problem: string): ValidationError {
  return new ValidationError(`cloud66 ${operation}: ${field} ${problem}`, {
    vendor: 'cloud66',
    operation,
    fieldErrors: { [field]: [problem] },
  });
}
