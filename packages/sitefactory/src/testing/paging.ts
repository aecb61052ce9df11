import type { SimRequest } from '@omnihost/core/testing';
// The generated table itself, not the client's (`client/operations.ts`): that one also brings the response
// schemas, whose imports the testing bundle would carry unused (issue 14, build noise).
import { GENERATED_OPERATIONS, type GeneratedOperationId } from '../generated/acsf-operations.js';
import { badRequest } from './wire.js';

/** The default `limit` of Site Factory's paged lists (seed 002: sites, backups; vendors/sitefactory.md §2.1). */
const DEFAULT_LIMIT = 10;

/** One requested page. */
export interface PageRequest {
  readonly page: number;
  readonly limit: number;
}

/**
 * Reads `page` (1-based) and `limit`, bounded by the endpoint's maximum from the operation table (the
 * spec's `maximum`: sites, domains and group lists 1000; backups, groups, tasks 100; ...). Out of range is
 * a 400, as a factory answers it (vendors/sitefactory.md §6).
 */
export function readPage(request: SimRequest, operationId: GeneratedOperationId, now: number): PageRequest {
  const max = GENERATED_OPERATIONS[operationId].maxLimit ?? DEFAULT_LIMIT;
  const limit = readPositive(request, 'limit', DEFAULT_LIMIT, now);
  if (limit > max) return badRequest(`limit must be a positive integer no larger than ${max}.`, now);
  return { page: readPositive(request, 'page', 1, now), limit };
}

function readPositive(request: SimRequest, name: string, fallback: number, now: number): number {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return badRequest(`${name} must be a positive integer.`, now);
  return Number(raw);
}

/** The items of one page; a page past the end is empty (vendors/sitefactory.md §2.4). */
export function pageOf<T>(items: readonly T[], page: PageRequest): T[] {
  const start = (page.page - 1) * page.limit;
  return items.slice(start, start + page.limit);
}
