import { randomUUID } from 'node:crypto';
import { type SimHandler, SimHttpError, type SimRequest, type SimResponse } from '@omnihost/core/testing';
import { filterAndSort, type ListFields, ListQueryError, MAX_SIM_PAGE_SIZE, pageWindow } from '../list-query.js';
import { errorResponse, hal } from '../responses.js';
import { halCollection } from '../wire.js';
import type { SimWorld } from '../world.js';

/**
 * Acquia puts a request id on every answer (`X-Request-Id`; the PHP SDK quotes it in its errors). Applied
 * to handler answers here and to the shared server's own (throttling, injected faults, auth) in the
 * simulator's response table.
 */
export function withRequestId(response: SimResponse): SimResponse {
  return { ...response, headers: { ...response.headers, 'X-Request-Id': randomUUID() } };
}

/**
 * The `Date` header from the simulator's own clock, as a server's comes from its own: the clock every
 * timestamp it writes (`created_at`) is read from, so a simulator on a manual or skewed clock says so, as a real
 * server whose clock differs from the client's does (a reconcile reads it to compare the two clocks, issue 15).
 */
function withServerDate(world: SimWorld, response: SimResponse): SimResponse {
  return { ...response, headers: { ...response.headers, Date: new Date(world.clock.now()).toUTCString() } };
}

/**
 * Wraps a handler with what every Acquia route does first and last: finished tasks apply their effects
 * before anything is read, a bad `limit`/`sort`/`filter` becomes `400 validation_failed`, and the
 * answer carries a request id and the simulator's date.
 */
export function route(world: SimWorld, handler: SimHandler): SimHandler {
  const finish = (response: SimResponse) => withRequestId(withServerDate(world, response));
  return async (request: SimRequest) => {
    world.notifications.settle();
    try {
      return finish(await handler(request));
    } catch (error) {
      // No list declares a 400, so the body is the spec's generic `error` shape rather than a guess at more.
      if (error instanceof ListQueryError) {
        throw new SimHttpError(finish(errorResponse(400, 'validation_failed', error.message)));
      }
      if (error instanceof SimHttpError) throw new SimHttpError(finish(error.response));
      throw error;
    }
  };
}

/** Where a collection lives, for its HAL envelope. */
export interface CollectionPlace {
  path: string;
  parent: string;
  /** Send the optional `pagination` block (Acquia sends it on some lists only). */
  withPagination: boolean;
}

/** A HAL collection answer: `filter`, `sort`, then the `limit`/`offset` window over the result. */
export function collectionResponse<T>(
  world: SimWorld,
  query: URLSearchParams,
  items: readonly T[],
  fields: ListFields<T>,
  render: (item: T) => unknown,
  place: CollectionPlace,
): SimResponse {
  const selected = filterAndSort(items, query, fields);
  const window = pageWindow(query);
  const end = window.offset + (window.limit ?? MAX_SIM_PAGE_SIZE);
  const page = selected.slice(window.offset, end).map(render);
  return hal(200, halCollection(page, { hrefs: world.hrefs, window, total: selected.length, ...place }));
}
