import {
  type CallOptions,
  type DeployInput,
  type Deployment,
  type DeployService,
  type Logger,
  notKept,
  type Operation,
  type PagedIterable,
  type Task,
  unsupportedList,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import type { OperationCaller } from '../client/operation-caller.js';
import { acceptedSchema } from '../schemas/accepted.js';
import { withRaw } from '../schemas/with-raw.js';
import type { DatabaseResolver } from './database-resolver.js';
import { environmentIdOf } from './ids.js';
import type { AcquiaStarts } from './operations.js';
import type { TaskPoller } from './tasks.js';

/** Options of {@link AcquiaDeployService.copyDatabase}. @public */
export interface CopyDatabaseInput extends CallOptions {
  /** The environment to copy from (same application). */
  fromSiteId: string;
  /** Which database (default: the source environment's default database). */
  database?: string | undefined;
}

/** Options of {@link AcquiaDeployService.copyFiles}. @public */
export interface CopyFilesInput extends CallOptions {
  /** The environment to copy user files from (same application). */
  fromSiteId: string;
}

/**
 * Deploys: switch an environment to a branch or tag (`{ ref }`), or deploy the code another environment
 * of the same application runs (`{ fromSiteId }`). Acquia extras: copy a database or the files between
 * environments, the other two halves of the "drag code, databases and files across environments" flow.
 * @public
 */
export interface AcquiaDeployService extends DeployService {
  /** Copies a database from another environment into `siteId` (`POST /environments/{id}/databases`). */
  copyDatabase(siteId: string, input: CopyDatabaseInput): Promise<Operation<Task>>;
  /** Copies the files from another environment into `siteId` (`POST /environments/{id}/files`). */
  copyFiles(siteId: string, input: CopyFilesInput): Promise<Operation<Task>>;
}

/** @internal */
export function createDeployService(
  caller: OperationCaller,
  databases: DatabaseResolver,
  tasks: TaskPoller,
  starts: AcquiaStarts,
  start: { readonly logger?: Logger | undefined } = {},
): AcquiaDeployService {
  return {
    async deploy(siteId: string, input: DeployInput): Promise<Operation<Deployment>> {
      const intent = starts.intent(
        'deploys.deploy',
        { siteId, ref: nonEmpty(input?.ref), fromSiteId: nonEmpty(input?.fromSiteId) },
        input,
      );
      return starts.run(intent, async (context) => {
        environmentIdOf(siteId, 'deploys.deploy');
        const hasRef = intent.ref !== undefined;
        if (hasRef === (intent.fromSiteId !== undefined)) {
          throw new ValidationError('acquia deploys.deploy: give exactly one of ref and fromSiteId', {
            vendor: 'acquia',
            operation: 'deploys.deploy',
            fieldErrors: { ref: ['exactly one of ref and fromSiteId is required'] },
          });
        }
        // No deploy keeps a message (`capabilities.deploys.message: false`): a code switch has none, and a
        // promotion uses it only to annotate the tag it may create (vendor notes §4.3). Either way it is said.
        const hasMessage = typeof input.message === 'string' && input.message !== '';
        if (hasRef) {
          const ref = intent.ref as string;
          const { data } = await caller.call(
            'postEnvironmentsSwitchCode',
            // Tags are switched to as `tags/<name>` (spec `switch-code.branch`).
            { path: { environmentId: siteId }, body: { branch: ref } },
            {
              schema: withRaw(acceptedSchema),
              label: 'deploys.deploy',
              signal: input.signal,
              headers: starts.headers(intent),
            },
          );
          context.accepted();
          const operation = starts.accepted(data, intent, { ref });
          return withWarnings(
            operation,
            hasMessage
              ? [notKept('acquia', start.logger, 'deploys.deploy', 'message', 'an Acquia code switch takes no message')]
              : [],
          );
        }
        const source = environmentIdOf(intent.fromSiteId as string, 'deploys.deploy', 'fromSiteId');
        const { data } = await caller.call(
          'postEnvironmentsDeployCode',
          { path: { environmentId: siteId }, body: { source, ...(hasMessage ? { message: input.message } : {}) } },
          {
            schema: withRaw(acceptedSchema),
            label: 'deploys.deploy',
            signal: input.signal,
            headers: starts.headers(intent),
          },
        );
        context.accepted();
        // The ref a promotion deployed is whatever the source ran: read from the target once done.
        const operation = starts.accepted(data, intent, { fromSiteId: source });
        const warning = notKept(
          'acquia',
          start.logger,
          'deploys.deploy',
          'message',
          'Acquia keeps no message with a deployment (a promotion uses it only to annotate the tag it creates)',
          'it was sent for that annotation only',
        );
        return withWarnings(operation, hasMessage ? [warning] : []);
      });
    },

    list(): PagedIterable<Deployment> {
      return unsupportedList(
        'acquia',
        'deploys.list',
        'Cloud API v2 has no deploy history; application notifications are available through provider.raw',
      );
    },

    async copyDatabase(siteId: string, input: CopyDatabaseInput): Promise<Operation<Task>> {
      environmentIdOf(siteId, 'deploys.copyDatabase');
      environmentIdOf(input.fromSiteId, 'deploys.copyDatabase', 'fromSiteId');
      const name = await databases.resolve(input.fromSiteId, input.database, input.signal);
      const { data } = await caller.call(
        'postEnvironmentsDatabases',
        { path: { environmentId: siteId }, body: { name, source: input.fromSiteId } },
        { schema: withRaw(acceptedSchema), label: 'deploys.copyDatabase', signal: input.signal },
      );
      return tasks.operation(data, 'DatabaseCopied', async (task) => task);
    },

    async copyFiles(siteId: string, input: CopyFilesInput): Promise<Operation<Task>> {
      environmentIdOf(siteId, 'deploys.copyFiles');
      environmentIdOf(input.fromSiteId, 'deploys.copyFiles', 'fromSiteId');
      const { data } = await caller.call(
        'postEnvironmentsFiles',
        { path: { environmentId: siteId }, body: { source: input.fromSiteId } },
        { schema: withRaw(acceptedSchema), label: 'deploys.copyFiles', signal: input.signal },
      );
      return tasks.operation(data, 'FilesCopied', async (task) => task);
    },
  };
}

/** A non-empty string option, or undefined (an empty `ref` names nothing). */
function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
