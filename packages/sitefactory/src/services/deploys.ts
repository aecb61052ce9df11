import {
  type DeployInput,
  type Deployment,
  type DeployService,
  notKept,
  UnsupportedOperationError,
  unsupportedList,
  ValidationError,
  withWarnings,
} from '@omnihost/core';
import { CODE_UPDATE_TYPE } from '../constants.js';
import type { ServiceContext } from './context.js';
import { type SiteFactoryStarts, siteFactoryIntent } from './operations.js';
import { fetchSiteDetail } from './sites.js';
import { startTaskOperation } from './started-task.js';

/**
 * Deploys = code updates of the stack hosting a site (`POST /api/v1/update` with `sites_ref`,
 * `sites_type`, `stack_id`). Every site on that stack gets the ref. The updater WIP task decides the
 * state; while it runs, `GET /api/v1/update/{id}/status` supplies the percentage that feeds `progress`
 * and `onProgress` (a CI script that polled only the percentage never ended on a failed update: §3.3).
 * A code update keeps no text of the caller's, so the idempotency key is not sent: a deploy whose answer was
 * lost is found again in the update list by time (issue 15, `capabilities.operations.reconcile`).
 * @internal
 */
export function createDeployService(context: ServiceContext, starts: SiteFactoryStarts): DeployService {
  return {
    async deploy(siteId: string, input: DeployInput) {
      const intent = siteFactoryIntent(
        'deploys.deploy',
        { siteId, ref: input.ref?.trim() || undefined, fromSiteId: input.fromSiteId },
        input,
      );
      const operation = await starts.run(intent, async (start) => {
        if (input.fromSiteId !== undefined) {
          throw new UnsupportedOperationError(
            'sitefactory',
            'deploys.deploy (fromSiteId)',
            'a code update deploys a VCS ref to a stack; copying sites between factories is staging (POST /api/v2/stage, via provider.raw)',
          );
        }
        const ref = input.ref?.trim();
        if (!ref) {
          throw new ValidationError('sitefactory deploys.deploy: ref is required', {
            vendor: 'sitefactory',
            operation: 'deploys.deploy',
            fieldErrors: { ref: ['is required'] },
          });
        }
        const site = await fetchSiteDetail(context, siteId, input.signal, 'deploys.deploy');
        const stackId = site.stack_id ?? 1;
        const body = { scope: 'sites', sites_ref: ref, sites_type: CODE_UPDATE_TYPE, stack_id: stackId };
        return startTaskOperation(context, 'deploys.deploy', start, {
          operationId: 'post_Update_update',
          input: { body, signal: input.signal },
          details: { ref, stackId },
        });
      });
      // A code update has no message field (`capabilities.deploys.message: false`): said, not sent.
      const hasMessage = typeof input.message === 'string' && input.message !== '';
      const warning = () =>
        notKept(
          'sitefactory',
          context.logger,
          'deploys.deploy',
          'message',
          'a Site Factory code update keeps no message',
        );
      return withWarnings(operation, hasMessage ? [warning()] : []);
    },
    list() {
      return unsupportedList<Deployment>(
        'sitefactory',
        'deploys.list',
        'the update history (GET /api/v1/update) is factory-wide and does not name stacks or sites',
      );
    },
  };
}
