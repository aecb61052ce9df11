import {
  createOperation,
  type DeployInput,
  type Deployment,
  type DeployService,
  notKept,
  type Operation,
  type PagedIterable,
  UnsupportedOperationError,
  unsupportedList,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import { rawOf } from '../client/api-context.js';
import { toDeployment } from '../mapping/to-deployment.js';
import { toTask } from '../mapping/to-task.js';
import type { ServiceContext } from './context.js';
import { resolveServerId } from './server-id.js';
import { fetchTask } from './tasks.js';
import { resolveTemplateRef } from './template-ref.js';
import { runAndFindTransaction } from './transaction-finder.js';

/**
 * The first step of a rebuild chain: `stop_virtual_machine` when the server runs, otherwise the disk build
 * (`build_disk`, or `format_disk` on panels that reformat in place). The chain continues with
 * `configure_operating_system` and, with `required_startup`, `startup_virtual_machine` (the creation chain
 * in vendors/onapp.md §2.3, from the QA suite's vm_base.rb; the rebuild chain is assumed to match).
 */
const REBUILD_FIRST_STEPS = ['stop_virtual_machine', 'build_disk', 'format_disk', 'configure_operating_system'];

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
      const { transaction } = await runAndFindTransaction(
        client,
        serverId,
        () => client.virtualServers.build(serverId, { templateId: template.id, requiredStartup: true }, { signal }),
        () => ({ actions: REBUILD_FIRST_STEPS, chain: true }),
        { timeoutMs: context.discoveryTimeoutMs, signal },
      );
      const operation = createOperation({
        task: toTask(transaction, rawOf(transaction)),
        poll: (pollSignal) => fetchTask(client, String(transaction.id), { signal: pollSignal }),
        complete: async (task) => toDeployment(task, String(serverId), ref),
      });
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
