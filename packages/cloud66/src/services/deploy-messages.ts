import { isOmnihostError } from '@omnihost/core';
import type { Cloud66Client } from '../client/cloud66-client.js';
import { parseCloud66Date } from '../mapping/dates.js';
import type { Cloud66AsyncAction } from '../schemas/async-action.js';
import type { Cloud66Deployment } from '../schemas/deployment.js';

/**
 * Action names of a redeploy. `application_deployment` is what a redeploy's `async_action_id` points to
 * in the docs' example; `deploy` appears in the vendor notes' list of action names.
 * @internal
 */
export const DEPLOY_ACTIONS: ReadonlySet<string> = new Set(['application_deployment', 'deploy']);

/** How far apart an action's and its deployment's start times may be and still be the same deploy. @internal */
export const SAME_DEPLOY_SKEW_MS = 5_000;

/** Action pages read for one page of deployments at most: a stack busy with other actions gets no messages. */
const MAX_ACTION_PAGES_PER_PAGE = 5;

/** The note of a deploy's action: `metadata.user_reference` (vendor notes §3.2). @internal */
export function userReferenceOf(action: unknown): string | undefined {
  if (!action || typeof action !== 'object') return undefined;
  const metadata = (action as { metadata?: unknown }).metadata;
  if (!metadata || typeof metadata !== 'object') return undefined;
  const reference = (metadata as { user_reference?: unknown }).user_reference;
  return typeof reference === 'string' && reference !== '' ? reference : undefined;
}

interface DeployAction {
  readonly startedAt: number;
  readonly reference: string | undefined;
}

/**
 * The messages of listed deployments. Cloud 66 keeps a deploy's message (`user_reference`) on the action
 * that ran it, not on the deployment, and a deployment names no action: the two lists (both newest first) are
 * walked side by side and matched by start time, as `deploys.deploy` matches its own deployment. Best effort:
 * a failed read of the actions leaves the messages unset, never fails the list (an abort still ends it).
 * @internal
 */
export function deployMessages(
  raw: Cloud66Client,
  stackUid: string,
  signal: AbortSignal | undefined,
): (page: readonly Cloud66Deployment[]) => Promise<Map<string, string>> {
  let pages: AsyncIterator<readonly Cloud66AsyncAction[]> | undefined;
  let exhausted = false;
  let buffered: DeployAction[] = [];

  async function readPage(): Promise<boolean> {
    pages ??= raw.actions.list(stackUid, { signal }).pages()[Symbol.asyncIterator]();
    const next = await pages.next();
    if (next.done) return false;
    for (const action of next.value) {
      const startedAt = parseCloud66Date(action.started_at)?.getTime();
      if (startedAt === undefined || !DEPLOY_ACTIONS.has(action.action ?? '')) continue;
      buffered.push({ startedAt, reference: userReferenceOf(action) });
    }
    return true;
  }

  return async (page) => {
    const found = new Map<string, string>();
    const starts = page.map((deployment) => parseCloud66Date(deployment.started_at)?.getTime());
    const known = starts.filter((start): start is number => start !== undefined);
    if (known.length === 0) return found;
    const oldest = Math.min(...known);
    try {
      let read = 0;
      // Read actions until they reach past the page's oldest deployment (both lists are newest first).
      while (!exhausted && read < MAX_ACTION_PAGES_PER_PAGE) {
        const last = buffered.at(-1);
        if (last && last.startedAt < oldest - SAME_DEPLOY_SKEW_MS) break;
        read += 1;
        if (!(await readPage())) exhausted = true;
      }
    } catch (error) {
      if (!isOmnihostError(error) || error.name === 'AbortError') throw error;
      exhausted = true;
    }
    page.forEach((deployment, index) => {
      const start = starts[index];
      if (start === undefined) return;
      let best: DeployAction | undefined;
      for (const action of buffered) {
        const distance = Math.abs(action.startedAt - start);
        if (distance <= SAME_DEPLOY_SKEW_MS && (!best || distance < Math.abs(best.startedAt - start))) best = action;
      }
      if (best?.reference) found.set(String(deployment.id), best.reference);
    });
    // Later pages are older: actions newer than this page's oldest deployment cannot match them.
    buffered = buffered.filter((action) => action.startedAt <= oldest + SAME_DEPLOY_SKEW_MS);
    return found;
  };
}
