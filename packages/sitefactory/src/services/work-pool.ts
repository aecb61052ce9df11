import { ResponseValidationError } from '@omnihost/core';
import { z } from 'zod';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperation } from '../client/request-operation.js';
import { type WipTask, wipTaskSchema } from '../schemas/wip-task.js';
import type { ServiceContext } from './context.js';

/** The largest page of `GET /api/v1/tasks` (100 in the spec). */
const PAGE = SITE_FACTORY_OPERATIONS.get_Task_tasks.maxLimit ?? 100;

/**
 * Pages read at most. A reconcile looks at the work added since its intent, minutes at most in practice; a
 * pool that still lists work that recent after this many pages is not read to its end, and the reconcile says
 * it could not tell rather than answering "never started".
 */
const MAX_PAGES = 20;

/**
 * How much older than the intent a row may be and still be read: a little, so a factory clock slightly behind
 * ours never hides the archive a key names. What counts as begun after the intent is decided by the matching
 * rule itself (core's `adoptCandidate`), at the factory's one-second resolution.
 */
export const RECENT_SLACK_S = 10;

const taskPageSchema = z.array(wipTaskSchema);

/**
 * The WIP tasks added since `sinceMs` (less {@link RECENT_SLACK_S}): `GET /api/v1/tasks` page by page, newest
 * first, until a page reaches back past that. The list is a bare array without a total, and its order across
 * pages is not guaranteed (vendors/sitefactory.md §2.4), so a page that is not newest first does not end the
 * read, and a read cut off at {@link MAX_PAGES} is an error, never an empty answer: an empty answer would let
 * the caller start the work again.
 * @internal
 */
export async function recentWipTasks(
  context: ServiceContext,
  sinceMs: number,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<WipTask[]> {
  const floor = Math.floor(sinceMs / 1000) - RECENT_SLACK_S;
  const recent = (row: WipTask) => row.added === undefined || row.added === 0 || row.added >= floor;
  const rows = new Map<string, WipTask>();
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const items = await requestOperation(
      context.client,
      'get_Task_tasks',
      { query: { page, limit: PAGE }, signal },
      taskPageSchema,
      operation,
    );
    for (const row of items) if (recent(row)) rows.set(String(row.id), row);
    if (items.length < PAGE) return [...rows.values()];
    // Newest first (ids and times falling), a page that reaches back past the window ends the read.
    const newestFirst = items.every(
      (row, index) => index === 0 || Number(row.id) <= Number((items[index - 1] as WipTask).id),
    );
    if (newestFirst && !recent(items[items.length - 1] as WipTask)) return [...rows.values()];
  }
  throw new ResponseValidationError(
    `sitefactory ${operation}: the work pool still lists recent tasks after ${MAX_PAGES} pages; whether the call started cannot be told from it`,
    { vendor: 'sitefactory', operation, reason: 'unexpected' },
  );
}
