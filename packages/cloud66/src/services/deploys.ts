import {
  type CallOptions,
  createOperation,
  type DeployInput,
  type Deployment,
  type DeployService,
  deferList,
  isOmnihostError,
  type Logger,
  notKept,
  type Operation,
  type Task,
  UnsupportedOperationError,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import type { RedeployInput } from '../client/deployments.js';
import { parseCloud66Date } from '../mapping/dates.js';
import { actionTaskId, stackTaskId } from '../mapping/task-id.js';
import { toDeployment } from '../mapping/to-deployment.js';
import type { Cloud66Deployment, Cloud66RedeployResponse } from '../schemas/deployment.js';
import type { Cloud66Stack } from '../schemas/stack.js';
import { deployMessages, SAME_DEPLOY_SKEW_MS, userReferenceOf } from './deploy-messages.js';
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

/** Longest `user_reference` Cloud 66 takes; the vocabulary's `message` is sent there. */
const MAX_USER_REFERENCE = 255;

/**
 * Deploy = redeploy the stack (`POST /stacks/{uid}/deployments`): `git_ref` for classic stacks,
 * `services` for Docker stacks. The returned `async_action_id` is the task; `queued: true` is reported on
 * the operation and the deployment; without an action id (servers before cloud66-oss/cloud66 PR #34) the
 * wait follows the stack's `is_busy`/status instead.
 * @internal
 */
export function createDeployService(
  raw: Cloud66Client,
  tasks: { get(id: string, options?: CallOptions): Promise<Task> },
  start: { readonly logger?: Logger | undefined } = {},
): Cloud66DeployService {
  return {
    async deploy(siteId, input) {
      checkedId(siteId, 'site', 'deploys.deploy');
      if (input.fromSiteId !== undefined) {
        throw new UnsupportedOperationError(
          'cloud66',
          'deploys.deploy',
          'Cloud 66 redeploys a stack at a git ref; it cannot promote the code of another stack',
        );
      }
      const ref = input.ref?.trim() || undefined;
      if (!ref && !input.services) throw missing('ref', 'is required');
      const signal = input.signal;
      const stack = await raw.stacks.get(siteId, { signal });
      // The message is kept as the deploy action's `user_reference` (`capabilities.deploys.message`), up to
      // 255 characters: a longer one is cut there, and the cut is said (issue 13), not silent.
      const message = input.message === '' ? undefined : input.message;
      const userReference = message?.slice(0, MAX_USER_REFERENCE);
      const request: RedeployInput = {
        deploymentProfile: input.deploymentProfile,
        deployStrategy: input.deployStrategy,
        userReference,
      };
      if (isDockerStack(stack)) request.services = input.services ?? (await servicesAtRef(raw, siteId, ref, signal));
      else if (input.services) throw missing('services', 'apply to Docker stacks only; use ref');
      else request.gitRef = ref;

      const requestedAt = Date.now();
      const response = await raw.deployments.create(siteId, request, { signal });
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
      const poll =
        actionId === null || actionId === undefined
          ? followStackDeploy(raw, siteId, requestedAt)
          : (pollSignal: AbortSignal | undefined) => tasks.get(task.id, { signal: pollSignal });
      const operation = createOperation<Deployment>({
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
              message: userReferenceOf(final.raw) ?? userReference,
            },
            completeSignal,
          ),
      });
      const cut =
        message !== undefined && message.length > MAX_USER_REFERENCE
          ? [
              notKept(
                'cloud66',
                start.logger,
                'deploys.deploy',
                'message',
                `Cloud 66 keeps the first ${MAX_USER_REFERENCE} characters`,
                'the rest was not sent',
              ),
            ]
          : [];
      return withWarnings({ ...operation, queued, response }, cut);
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
