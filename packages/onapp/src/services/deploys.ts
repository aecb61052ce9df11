import {
  type DeployInput,
  type Deployment,
  type DeployService,
  notKept,
  type Operation,
  type PagedIterable,
  startOperation,
  UnsupportedOperationError,
  unsupportedList,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { toTask } from '../mapping/to-task.js';
import type { ServiceContext } from './context.js';
import {
  accepting,
  claimStarted,
  onAppIntent,
  operationJson,
  REBUILD_FIRST_STEPS,
  reconcileIntent,
  startedOperation,
} from './operations.js';
import { resolveServerId } from './server-id.js';
import { resolveTemplateRef } from './template-ref.js';
import { runAndFindTransaction } from './transaction-finder.js';

/**
 * Deploy = rebuild the server from a template (`POST /virtual_machines/:id/build`, `required_startup=1`).
 * **Destructive**: the rebuild wipes and reinstalls the server's disks (`capabilities.deploys.destructive`).
 * `ref` names the template (see {@link resolveTemplateRef}). The task is the chain's last transaction, so
 * `wait()` ends when the server is rebuilt and started; a failed step cancels the rest, and the task's
 * message carries the failed step's log. OnApp keeps no deploy history, so `list` is unsupported.
 * @internal
 */
export function createDeployService(context: ServiceContext): DeployService {
  const { client } = context;
  return {
    async deploy(siteId: string, input: DeployInput): Promise<Operation<Deployment>> {
      const { signal } = input;
      const marks: Record<string, number> = {};
      const intent = onAppIntent(
        'deploys.deploy',
        { siteId, ref: input.ref?.trim() || undefined, fromSiteId: input.fromSiteId, marks },
        input,
      );
      const operation = await startOperation(
        intent,
        async (started) => {
          if (input.fromSiteId !== undefined) {
            throw new UnsupportedOperationError(
              'onapp',
              'deploys.deploy',
              'a server is rebuilt from a template (ref), not from another server',
            );
          }
          if (!input.ref?.trim()) {
            throw new ValidationError('onapp: deploy needs a ref naming the template to rebuild from', {
              vendor: 'onapp',
              operation: 'deploys.deploy',
              fieldErrors: { ref: ['is required'] },
            });
          }
          const ref = input.ref.trim();
          const serverId = await resolveServerId(client, siteId, { signal }, 'deploys.deploy');
          const template = await resolveTemplateRef(client, ref, { signal });
          marks.serverId = serverId;
          // A rebuild keeps no note, so no key travels: a reconcile matches the chain by server, steps,
          // template and transaction order (heuristic, issue 15).
          marks.templateId = template.id;
          const { transaction } = await runAndFindTransaction(
            client,
            serverId,
            accepting(started, () =>
              client.virtualServers.build(serverId, { templateId: template.id, requiredStartup: true }, { signal }),
            ),
            () => ({ actions: REBUILD_FIRST_STEPS, chain: true }),
            {
              timeoutMs: context.discoveryTimeoutMs,
              signal,
              onMark: (mark) => (marks.transactionId = mark),
            },
          );
          const taskId = String(transaction.id);
          await claimStarted(context, intent, taskId);
          return startedOperation(
            context,
            operationJson(intent, taskId, { serverId, ref }),
            toTask(transaction, rawOf(transaction)),
          );
        },
        () => reconcileIntent(context, intent),
      );
      // A rebuild has no note (`capabilities.deploys.message: false`): said, not sent (issue 13).
      const hasMessage = typeof input.message === 'string' && input.message !== '';
      const warning = () =>
        notKept('onapp', context.logger, 'deploys.deploy', 'message', 'an OnApp rebuild keeps no message');
      return withWarnings(operation, hasMessage ? [warning()] : []);
    },
    list(): PagedIterable<Deployment> {
      return unsupportedList('onapp', 'deploys.list', 'OnApp keeps no deploy (rebuild) history');
    },
  };
}
