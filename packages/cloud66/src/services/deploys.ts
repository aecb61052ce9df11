import {
  type CallOptions,
  createOperation,
  type DeployInput,
  type Deployment,
  type DeployService,
  deferList,
  isOmnihostError,
  type Logger,
  newIntent,
  notKept,
  type Operation,
  type StartContext,
  type StartIntent,
  startOperation,
  type Task,
  UnsupportedOperationError,
  ValidationError,
  withIdempotencyKey,
  withWarnings,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import type { RedeployInput } from '../client/deployments.js';
import { parseCloud66Date } from '../mapping/dates.js';
import { actionTaskId, parseCloud66TaskId, stackTaskId } from '../mapping/task-id.js';
import { toDeployment } from '../mapping/to-deployment.js';
import type { Cloud66Deployment, Cloud66RedeployResponse } from '../schemas/deployment.js';
import type { Cloud66Stack } from '../schemas/stack.js';
import { deployMessageOf, deployMessages, SAME_DEPLOY_SKEW_MS, userReferenceOf } from './deploy-messages.js';
import { checkedId } from './ids.js';
import { followStackDeploy } from './stack-deploy-poll.js';

/** Cloud 66 extras a deploy accepts on top of the vocabulary's `ref` and `message`. @public */
export interface Cloud66DeployInput extends DeployInput {
  /**
   * Docker stacks: the services to redeploy (`web`, or `web:<image tag>`). Without it, every service of
   * the stack is redeployed at the image tag `ref` names (`tags/2.4.0` → `2.4.0`).
   */
  services?: readonly string[] | undefined;
  deploymentProfile?: string | undefined;
  deployStrategy?: RedeployInput['deployStrategy'];
}

/** A started redeploy. @public */
export interface Cloud66DeployOperation extends Operation<Deployment> {
  /** True when the stack was busy and Cloud 66 queued this deploy behind the running work. */
  readonly queued: boolean;
  /** What `POST /stacks/{uid}/deployments` answered. */
  readonly response: Cloud66RedeployResponse;
}

/** Deploys with Cloud 66's extras. @public */
export interface Cloud66DeployService extends DeployService {
  deploy(siteId: string, input: Cloud66DeployInput): Promise<Cloud66DeployOperation>;
}

/** Longest `user_reference` Cloud 66 takes; the vocabulary's `message` and the idempotency key are sent there. */
const MAX_USER_REFERENCE = 255;

/** What `deploys.deploy` needs from the rest of the provider. @internal */
export interface DeployServiceDeps {
  readonly logger?: Logger | undefined;
  /** `provider.operations.reconcile`: what `err.reconcile()` asks when a deploy's answer was lost. */
  readonly reconcile?: ((intent: StartIntent) => Promise<Operation<Deployment> | null>) | undefined;
}

/**
 * Deploy = redeploy the stack (`POST /stacks/{uid}/deployments`): `git_ref` for classic stacks,
 * `services` for Docker stacks. The returned `async_action_id` is the task; `queued: true` is reported on
 * the operation and the deployment; without an action id (servers before cloud66-oss/cloud66 PR #34) the
 * wait follows the stack's `is_busy`/status instead.
 *
 * Every deploy has an intent (issue 15): its idempotency key travels at the end of the `user_reference`, after
 * the caller's message, so the deploy's action can be found again by key when the answer is lost
 * (`provider.operations.reconcile`); the message read back (result, list) is the caller's, without the key.
 * @internal
 */
export function createDeployService(
  raw: Cloud66Client,
  tasks: { get(id: string, options?: CallOptions): Promise<Task> },
  deps: DeployServiceDeps = {},
): Cloud66DeployService {
  const reconcile = deps.reconcile ?? (() => Promise.resolve(null));
  return {
    async deploy(siteId, input) {
      const ref = input.ref?.trim() || undefined;
      const base = newIntent('cloud66', 'deploys.deploy', { siteId, ref, fromSiteId: input.fromSiteId }, input);
      const reference = userReferenceFor(input.message, base.key);
      // The exact text sent is noted on the intent: reconcile asks Cloud 66's `user_reference` filter for it.
      const intent: StartIntent = { ...base, marks: { [USER_REFERENCE_MARK]: reference.text } };
      const operation = await startOperation<Deployment>(
        intent,
        async (context) => {
          const started = await startDeploy(raw, tasks, siteId, { ...input, ref }, reference, context, deps.logger);
          const { queued, response } = started;
          return withWarnings({ ...started.operation, queued, response }, started.warnings);
        },
        reconcile,
      );
      // startOperation hands back what `start` returned: the Cloud 66 operation, typed as core's.
      return operation as Cloud66DeployOperation;
    },
    list: (siteId, options = {}) =>
      deferList(() => {
        const deployments = raw.deployments.list(checkedId(siteId, 'site', 'deploys.list'), {
          signal: options.signal,
        });
        const messagesOf = deployMessages(raw, siteId, options.signal);
        async function* pages(): AsyncGenerator<readonly Deployment[]> {
          for await (const page of deployments.pages()) {
            const messages = await messagesOf(page);
            yield page.map((deployment) =>
              toDeployment(siteId, deployment, { message: messages.get(String(deployment.id)) }),
            );
          }
        }
        return {
          pages,
          async *[Symbol.asyncIterator]() {
            for await (const page of pages()) yield* page;
          },
        };
      }),
  };
}

/** What one redeploy request produced. */
interface StartedDeploy {
  readonly operation: Operation<Deployment>;
  readonly queued: boolean;
  readonly response: Cloud66RedeployResponse;
  readonly warnings: string[];
}

/**
 * Checks the input, builds the request and sends it, inside `startOperation`: anything thrown before the POST
 * left proves nothing started; `context.accepted()` follows the POST's answer.
 */
async function startDeploy(
  raw: Cloud66Client,
  tasks: { get(id: string, options?: CallOptions): Promise<Task> },
  siteId: string,
  input: Cloud66DeployInput,
  reference: UserReference,
  context: StartContext,
  logger: Logger | undefined,
): Promise<StartedDeploy> {
  checkedId(siteId, 'site', 'deploys.deploy');
  if (input.fromSiteId !== undefined) {
    throw new UnsupportedOperationError(
      'cloud66',
      'deploys.deploy',
      'Cloud 66 redeploys a stack at a git ref; it cannot promote the code of another stack',
    );
  }
  const { ref, signal } = input;
  if (!ref && !input.services) throw missing('ref', 'is required');
  const stack = await raw.stacks.get(siteId, { signal });
  const { intent } = context;
  const request: RedeployInput = {
    deploymentProfile: input.deploymentProfile,
    deployStrategy: input.deployStrategy,
    userReference: reference.text,
  };
  if (isDockerStack(stack)) request.services = input.services ?? (await servicesAtRef(raw, siteId, ref, signal));
  else if (input.services) throw missing('services', 'apply to Docker stacks only; use ref');
  else request.gitRef = ref;

  const requestedAt = Date.now();
  const response = await raw.deployments.create(siteId, request, { signal });
  context.accepted();
  const queued = response.queued === true;
  const actionId = response.async_action_id;
  const task: Task = {
    vendor: 'cloud66',
    id: actionId === null || actionId === undefined ? stackTaskId(siteId) : actionTaskId(siteId, actionId),
    state: queued ? 'queued' : 'running',
    kind: actionId === null || actionId === undefined ? 'stack_redeploy' : 'application_deployment',
    message: response.message ?? undefined,
    createdAt: new Date(requestedAt),
    rawStatus: `queued=${queued}`,
    raw: response,
  };
  const operation = deployOperation(raw, tasks, {
    intent,
    task,
    ref,
    queued,
    requestedAt,
    message: reference.message,
  });
  const warnings =
    reference.cut > 0
      ? [
          notKept(
            'cloud66',
            logger,
            'deploys.deploy',
            'message',
            `Cloud 66 keeps ${MAX_USER_REFERENCE} characters of user_reference, and the idempotency key takes ${MAX_USER_REFERENCE - reference.room}`,
            `the first ${reference.room} characters were sent`,
          ),
        ]
      : [];
  return { operation, queued, response, warnings };
}

/** The name of the intent mark that holds the `user_reference` sent. @internal */
export const USER_REFERENCE_MARK = 'userReference';

/** The `user_reference` of a deploy: the caller's message (cut to fit) and the idempotency key after it. */
interface UserReference {
  /** The text sent. */
  readonly text: string;
  /** The caller's message as sent (undefined when there was none). */
  readonly message: string | undefined;
  /** Characters of message the key leaves room for. */
  readonly room: number;
  /** Characters of the caller's message that were not sent. */
  readonly cut: number;
}

/**
 * The message is kept as the deploy action's `user_reference` (`capabilities.deploys.message`), up to 255
 * characters, and the idempotency key rides at its end (issue 15): a message longer than what the key leaves
 * is cut, and the cut is said (issue 13), not silent.
 */
function userReferenceFor(input: string | undefined, key: string): UserReference {
  const message = input === '' ? undefined : input;
  const room = MAX_USER_REFERENCE - withIdempotencyKey(undefined, key).length - 1;
  const sent = message?.slice(0, room);
  return {
    text: withIdempotencyKey(sent, key),
    message: sent,
    room,
    cut: message === undefined ? 0 : message.length - (sent?.length ?? 0),
  };
}

/** What a deploy's operation is built from: just started, found again by `reconcile`, or resumed. @internal */
export interface DeployOperationInput {
  /** The start's key and begin time (for `toJSON`). */
  readonly intent: Pick<StartIntent, 'key' | 'startedAt' | 'siteId'>;
  /** The task as last seen: an action (`<uid>:<id>`) or the stack (`<uid>:stack`). */
  readonly task: Task;
  readonly ref: string | undefined;
  readonly queued: boolean;
  /** When the redeploy was asked for (client clock, ms): where a stack-followed wait starts looking. */
  readonly requestedAt: number;
  /** The caller's message as sent (the action's `user_reference` is read first when the wait ends). */
  readonly message: string | undefined;
}

/**
 * The operation of a redeploy, the same whether `deploys.deploy` just started it, `operations.reconcile` found
 * it again or `operations.resume` rebuilt it in another process: the wait polls the action (or follows the
 * stack when there is no action id), and resolves to the deployment the action produced. `toJSON` carries what
 * the deployment needs beyond the task (`details`: ref, queued, requestedAt, message).
 * @internal
 */
export function deployOperation(
  raw: Cloud66Client,
  tasks: { get(id: string, options?: CallOptions): Promise<Task> },
  input: DeployOperationInput,
): Operation<Deployment> {
  const { task, ref, queued, requestedAt } = input;
  const siteId = input.intent.siteId;
  const followsStack = parseCloud66TaskId(task.id)?.kind === 'stack';
  const poll = followsStack
    ? followStackDeploy(raw, siteId, requestedAt)
    : (pollSignal: AbortSignal | undefined) => tasks.get(task.id, { signal: pollSignal });
  const details: Record<string, string | number | boolean> = { queued, requestedAt };
  if (ref !== undefined) details.ref = ref;
  if (input.message !== undefined) details.message = input.message;
  return createOperation<Deployment>({
    task,
    poll,
    complete: (final, completeSignal) =>
      deploymentFor(
        raw,
        siteId,
        final,
        {
          ref,
          queued,
          actionStartedAt: final.startedAt,
          requestedAt,
          message: userReferenceOf(final.raw) === undefined ? input.message : deployMessageOf(final.raw),
        },
        completeSignal,
      ),
    json: {
      vendor: 'cloud66',
      kind: 'deploys.deploy',
      siteId,
      taskId: task.id,
      key: input.intent.key,
      startedAt: input.intent.startedAt,
      details,
    },
  });
}

/** Docker (Maestro) stacks deploy services, not a git ref (docs: `git_ref` is for classic stacks only). */
function isDockerStack(stack: Cloud66Stack): boolean {
  return stack.framework?.toLowerCase() === 'docker';
}

/**
 * For a Docker stack given only a ref: every service at the image tag the ref names. A ref that is not a
 * valid image tag is refused rather than guessed at.
 */
async function servicesAtRef(
  raw: Cloud66Client,
  siteId: string,
  ref: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string[] | undefined> {
  if (!ref) return undefined;
  const tag = ref.replace(/^refs\//, '').replace(/^(tags|heads)\//, '');
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    throw missing('ref', `"${tag.slice(0, 60)}" is not an image tag; pass services explicitly for this Docker stack`);
  }
  const names: string[] = [];
  for await (const service of raw.services.list(siteId, { signal })) {
    names.push(`${service.name}:${tag}`);
    if (names.length >= 500) break;
  }
  return names.length > 0 ? names : undefined;
}

/**
 * The deployment a finished redeploy produced, from the first page of the stack's deployments (newest
 * first). Deployments carry no action id, so they are matched by time:
 * - with the action's `started_at`, the deployment that started closest to it (within a few seconds):
 *   with deploys queued back to back, "the newest" would be the next deploy, not this one;
 * - followed through the stack (no action id), the newest one that started after the request: the wait
 *   ended when the stack went idle, which is after the last queued deploy.
 * If none matches (or the lookup fails), the deployment is described from the task alone: the deploy did
 * finish, and that must not turn into an error now.
 */
async function deploymentFor(
  raw: Cloud66Client,
  siteId: string,
  final: Task,
  context: {
    ref: string | undefined;
    queued: boolean;
    actionStartedAt: Date | undefined;
    requestedAt: number;
    message: string | undefined;
  },
  signal: AbortSignal | undefined,
): Promise<Deployment> {
  const overrides = { ref: context.ref, state: final.state, message: context.message, queued: context.queued };
  const startOf = (deployment: Cloud66Deployment) => parseCloud66Date(deployment.started_at)?.getTime();
  try {
    for await (const page of raw.deployments.list(siteId, { signal }).pages()) {
      const anchor = context.actionStartedAt?.getTime();
      let match: Cloud66Deployment | undefined;
      if (anchor === undefined) {
        match = page.find((deployment) => (startOf(deployment) ?? 0) >= context.requestedAt - SAME_DEPLOY_SKEW_MS);
      } else {
        // Timestamps have whole seconds, so two deploys queued back to back can share a start second:
        // the finish time breaks the tie (a deployment still running cannot be the finished action's).
        const finishedAt = final.finishedAt?.getTime();
        let bestDistance = Number.POSITIVE_INFINITY;
        for (const deployment of page) {
          const start = startOf(deployment);
          if (start === undefined || Math.abs(start - anchor) > SAME_DEPLOY_SKEW_MS) continue;
          const end = parseCloud66Date(deployment.finished_at)?.getTime();
          const endDistance =
            finishedAt === undefined ? 0 : end === undefined ? SAME_DEPLOY_SKEW_MS : Math.abs(end - finishedAt);
          const distance = Math.abs(start - anchor) + endDistance;
          // Strictly closer wins, so on a tie the newer deployment (listed first) is kept.
          if (distance < bestDistance) [bestDistance, match] = [distance, deployment];
        }
      }
      if (match) return toDeployment(siteId, match, overrides);
      break;
    }
  } catch (error) {
    if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
  }
  return {
    vendor: 'cloud66',
    id: final.id,
    siteId,
    ref: context.ref,
    state: final.state,
    scope: 'site',
    queued: context.queued,
    message: context.message,
    startedAt: final.startedAt,
    finishedAt: final.finishedAt,
    rawStatus: final.rawStatus,
    raw: final.raw,
  };
}

function missing(field: string, problem: string): ValidationError {
  return new ValidationError(`cloud66 deploys.deploy: ${field} ${problem}`, {
    vendor: 'cloud66',
    operation: 'deploys.deploy',
    fieldErrors: { [field]: [problem] },
  });
}
