import { ResponseValidationError } from '@omnihost/core';
import { z } from 'zod';
import { SITE_FACTORY_OPERATIONS } from '../client/operations.js';
import { requestOperationWithHeaders } from '../client/request-operation.js';
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
 * The `Date` header has whole seconds and says the factory's time at most that much (plus the latency) behind:
 * a difference between the clocks smaller than this cannot be told from that imprecision.
 */
const CLOCK_SKEW_THRESHOLD_MS = 2000;

/**
 * How far the factory's clock is ahead of this one (negative: behind), from a response's `Date` header read at
 * `receivedAt`, when the two clearly differ ({@link CLOCK_SKEW_THRESHOLD_MS}); 0 otherwise or without a readable
 * header. The header was written before the answer travelled, so the estimate is never later than the truth.
 * @internal
 */
export function clockSkewOf(headers: Readonly<Record<string, string>>, receivedAt: number): number {
  const date = Date.parse(headers.date ?? headers.Date ?? '');
  if (Number.isNaN(date)) return 0;
  const skew = date - receivedAt;
  return Math.abs(skew) >= CLOCK_SKEW_THRESHOLD_MS ? skew : 0;
}

/**
 * An intent's start read on the factory's clock: WIP and update times are the factory's, the intent's start is
 * this process's. Where the clocks clearly differ the start moves by the difference, so a factory running behind
 * does not date this call's task before the call (and a reconcile say "never started").
 * @internal
 */
export function onFactoryClock<T extends { startedAt: string }>(intent: T, skewMs: number): T {
  return skewMs === 0
    ? intent
    : { ...intent, startedAt: new Date(Date.parse(intent.startedAt) + skewMs).toISOString() };
}

/**
 * The WIP tasks added since `sinceMs` (less {@link RECENT_SLACK_S}, on the factory's clock), and how far that
 * clock is from this one (`skewMs`, from the first page's `Date`): `GET /api/v1/tasks` page by page, newest
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
): Promise<{ rows: WipTask[]; skewMs: number }> {
  let skewMs = 0;
  let floor = Math.floor(sinceMs / 1000) - RECENT_SLACK_S;
  const recent = (row: WipTask) => row.added === undefined || row.added === 0 || row.added >= floor;
  const rows = new Map<string, WipTask>();
  const done = () => ({ rows: [...rows.values()], skewMs });
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { data: items, headers } = await requestOperationWithHeaders(
      context.client,
      'get_Task_tasks',
      { query: { page, limit: PAGE }, signal },
      taskPageSchema,
      operation,
    );
    if (page === 1) {
      // The window is on the factory's clock: one running behind dates this call's work earlier.
      skewMs = clockSkewOf(headers, Date.now());
      floor = Math.floor(Math.min(sinceMs, sinceMs + skewMs) / 1000) - RECENT_SLACK_S;
    }
    for (const row of items) if (recent(row)) rows.set(String(row.id), row);
    if (items.length < PAGE) return done();
    // Newest first (ids and times falling), a page that reaches back past the window ends the read.
    const newestFirst = items.every(
      (row, index) => index === 0 || Number(row.id) <= Number((items[index - 1] as WipTask).id),
    );
    if (newestFirst && !recent(items[items.length - 1] as WipTask)) return done();
  }
  throw new ResponseValidationError(
    `sitefactory ${operation}: the work pool still lists recent tasks after ${MAX_PAGES} pages; whether the call started cannot be told from it`,
    { vendor: 'sitefactory', operation, reason: 'unexpected' },
  );
}
