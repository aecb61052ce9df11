import { idempotencyKeyIn, isOmnihostError, withIdempotencyKey } from '@omnihost/core';
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

/** The start of core's key mark (`omnihost:`), derived from core's own writer so the format stays core's. */
const MARK_PREFIX = withIdempotencyKey(undefined, 'k').slice(0, -1);

/** A deploy's `user_reference` read apart: the caller's message, and the idempotency key the adapter added. */
export interface UserReferenceParts {
  readonly message: string | undefined;
  readonly key: string | undefined;
}

/**
 * Splits a deploy's `user_reference` into the caller's message and the idempotency key `deploys.deploy` put at
 * its end (issue 15: `withIdempotencyKey(message, key)`). Only a mark that ends the text is the key: a message
 * that itself mentions `omnihost:<something>` keeps that text (core's `idempotencyKeyIn` alone reads the first
 * mark). The key runs to the end of the text: core's reader stops short of a key's trailing `.`, `:` or `-`,
 * which `newIntent` accepts. A reference without a key is all message.
 * @internal
 */
export function splitUserReference(reference: string | undefined): UserReferenceParts {
  if (reference === undefined || reference === '') return { message: undefined, key: undefined };
  const at = reference.lastIndexOf(MARK_PREFIX);
  if (at < 0 || (at > 0 && !/\s/.test(reference.charAt(at - 1)))) return { message: reference, key: undefined };
  const tail = reference.slice(at);
  const key = tail.slice(MARK_PREFIX.length);
  const read = idempotencyKeyIn(tail);
  if (read === undefined || !key.startsWith(read) || key.length > 100 || /\s/.test(key)) {
    return { message: reference, key: undefined };
  }
  const message = reference.slice(0, at).trim();
  return { message: message === '' ? undefined : message, key };
}

/** True when a `user_reference` ends with the mark of `key`: the deploy that key started. @internal */
export function carriesKey(reference: string | undefined, key: string): boolean {
  return splitUserReference(reference).key === key;
}

/** The caller's message of a deploy's action: its `user_reference` without the idempotency key. @internal */
export function deployMessageOf(action: unknown): string | undefined {
  return splitUserReference(userReferenceOf(action)).message;
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
      buffered.push({ startedAt, reference: deployMessageOf(action) });
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
