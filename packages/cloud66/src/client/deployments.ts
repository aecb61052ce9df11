import { type CallOptions, encodePath, type HttpClient, type PagedIterable, ValidationError } from '@omnihost/core';
import { type Cloud66GenericResponse, genericResponseSchema } from '../schemas/common.js';
import {
  type Cloud66Deployment,
  type Cloud66RedeployResponse,
  deploymentSchema,
  redeployResponseSchema,
} from '../schemas/deployment.js';
import { getOne, listAll, send } from './request.js';

/** Longest `user_reference` Cloud 66 accepts (docs: "up to 255 characters"). */
const MAX_USER_REFERENCE = 255;

/**
 * `POST /stacks/{uid}/deployments` (scope `redeploy`). Every field is optional: with none, the stack is
 * redeployed as it is.
 * @public
 */
export interface RedeployInput {
  /** Branch, tag or commit. Classic (non-Docker) stacks only. */
  gitRef?: string | undefined;
  /**
   * Docker stacks only: `web`, or `web:<image tag>`. Sent as a JSON array, as the Go client does; the
   * docs describe a comma-separated string, which form-encoded callers use (vendor notes §6.5). The
   * parameter was called `services_filter` before 2020-02.
   */
  services?: readonly string[] | undefined;
  deploymentProfile?: string | undefined;
  /** Up to 255 characters; copied into the action's `metadata.user_reference`. */
  userReference?: string | undefined;
  /** Go client / cx only: `serial`, `parallel`, `rolling` (rails/rack) or `fast` (Maestro/Kubernetes). */
  deployStrategy?: 'serial' | 'parallel' | 'rolling' | 'fast' | undefined;
  rolloutStrategy?: string | undefined;
  canaryPercentage?: number | undefined;
}

/** Deployments of a stack. @public */
export interface Cloud66DeploymentsClient {
  /** Newest first. */
  list(uid: string, options?: CallOptions): PagedIterable<Cloud66Deployment>;
  get(uid: string, deploymentId: string | number, options?: CallOptions): Promise<Cloud66Deployment>;
  /** Starts a redeploy. Read `async_action_id` (the task) and `queued` (the stack was busy). */
  create(uid: string, input?: RedeployInput, options?: CallOptions): Promise<Cloud66RedeployResponse>;
  /** Cancels a live deployment (scope `redeploy`). */
  cancel(uid: string, deploymentId: string | number, options?: CallOptions): Promise<Cloud66GenericResponse>;
}

/** @internal */
export function createDeploymentsClient(http: HttpClient): Cloud66DeploymentsClient {
  return {
    list: (uid, options = {}) =>
      listAll(http, 'deployments.list', encodePath`/stacks/${uid}/deployments.json`, deploymentSchema, options),
    get: (uid, deploymentId, options = {}) =>
      getOne(
        http,
        'deployments.get',
        encodePath`/stacks/${uid}/deployments/${deploymentId}.json`,
        deploymentSchema,
        options,
      ),
    create: async (uid, input = {}, options = {}) => {
      if (input.userReference !== undefined && input.userReference.length > MAX_USER_REFERENCE) {
        throw new ValidationError(`cloud66: userReference is longer than ${MAX_USER_REFERENCE} characters`, {
          vendor: 'cloud66',
          operation: 'deployments.create',
          fieldErrors: { userReference: [`must be at most ${MAX_USER_REFERENCE} characters`] },
        });
      }
      return send(http, {
        operation: 'deployments.create',
        method: 'POST',
        path: encodePath`/stacks/${uid}/deployments.json`,
        body: {
          git_ref: input.gitRef,
          services: input.services === undefined ? undefined : [...input.services],
          deployment_profile: input.deploymentProfile,
          user_reference: input.userReference,
          deploy_strategy: input.deployStrategy,
          rollout_strategy: input.rolloutStrategy,
          canary_percentage: input.canaryPercentage,
        },
        schema: redeployResponseSchema,
        signal: options.signal,
      });
    },
    cancel: (uid, deploymentId, options = {}) =>
      send(http, {
        operation: 'deployments.cancel',
        method: 'DELETE',
        path: encodePath`/stacks/${uid}/deployments/${deploymentId}.json`,
        schema: genericResponseSchema,
        signal: options.signal,
      }),
  };
}
