import {
  type CallOptions,
  isNotFoundError,
  numberedPages,
  type OperationInput,
  type PagedIterable,
  ValidationError,
} from '@omnihost/core';
import type { ZodType } from 'zod';
import { UNKNOWN_ROUTE_CODE } from '../rules/http-errors.js';
import { type ListPage, listEnvelope } from './list-envelope.js';
import type { CallArgs, CallInput, ListItemOf, ListOperationId, QueryOf, ResponseOf } from './operation-types.js';
import {
  listItemSchemaOf,
  type OperationInfo,
  responseSchemaOf,
  SITE_FACTORY_OPERATIONS,
  type SiteFactoryOperationId,
} from './operations.js';
import { type ClientContext, requestOperation } from './request-operation.js';

/** Input of `list()`: like `call()`'s, without `page`/`limit`, plus the page size. @public */
export type ListInput<O extends ListOperationId> = Omit<CallInput<O>, 'query'> & {
  query?: Omit<QueryOf<O>, 'page' | 'limit'>;
  /** Items per request; capped at the endpoint's maximum, which is also the default. */
  pageSize?: number | undefined;
};

/**
 * The typed Site Factory client (`provider.raw`): every operation of the official spec and the hand-typed
 * ones, by operationId, with typed parameters, bodies and responses. Responses are validated with
 * tolerant schemas (numbers that arrive as strings are coerced, unknown fields pass through).
 * @public
 */
export interface SiteFactoryClient {
  /**
   * Calls one operation: `raw.call('get_Sites_getSite', { path: { site_id: 191 } })`.
   * POST and PUT always carry a JSON body (`{}` when none is given): factories since 2.178 reject
   * body-less POSTs with 400 "Invalid JSON provided" (acquia/cli #1814).
   */
  call<O extends SiteFactoryOperationId>(operationId: O, ...args: CallArgs<O>): Promise<ResponseOf<O>>;
  /**
   * Iterates a paged list lazily with `page`/`limit`, one request per page, stopping at the last page
   * (fewer items than asked, the `count` reached, or an empty page). Bare-array and `{count, <plural>}`
   * responses are both understood.
   */
  list<O extends ListOperationId>(
    operationId: O,
    ...args: [keyof NonNullable<CallInput<O>['path']>] extends [never] ? [input?: ListInput<O>] : [input: ListInput<O>]
  ): PagedIterable<ListItemOf<O>>;
  /**
   * Terminates a WIP task and its descendants (`PUT /api/v1/tasks/{id}/terminate`), falling back to the
   * pre-2022 `PUT /api/v1/tasks/{id}` when the factory answers 404 (vendors/sitefactory.md §2.1).
   */
  terminateTask(taskId: string | number, options?: CallOptions): Promise<ResponseOf<'put_Task_terminate'>>;
}

/** One list envelope per operation, so that every page of every list validates with one (compiled) schema. */
const ENVELOPES = new Map<string, ZodType<ListPage<unknown>>>();

function envelopeOf(operationId: string, item: ZodType, info: OperationInfo): ZodType<ListPage<unknown>> {
  let envelope = ENVELOPES.get(operationId);
  if (!envelope) {
    const resource = info.path.split('/').pop() ?? '';
    envelope = listEnvelope(item, [info.listKey ?? '', resource].filter(Boolean));
    ENVELOPES.set(operationId, envelope);
  }
  return envelope;
}

/** Builds the typed client on a transport. @internal */
export function createSiteFactoryClient(context: ClientContext): SiteFactoryClient {
  async function call<O extends SiteFactoryOperationId>(operationId: O, ...args: CallArgs<O>): Promise<ResponseOf<O>> {
    const input = (args[0] ?? {}) as OperationInput;
    return (await requestOperation(context, operationId, input, responseSchemaOf(operationId))) as ResponseOf<O>;
  }

  function list<O extends ListOperationId>(operationId: O, ...args: unknown[]): PagedIterable<ListItemOf<O>> {
    const info = SITE_FACTORY_OPERATIONS[operationId];
    const item = listItemSchemaOf(operationId);
    if (info.listKey === null || info.maxLimit === null || !item) {
      throw new ValidationError(`sitefactory ${operationId} is not a paged list`, {
        vendor: 'sitefactory',
        operation: operationId,
      });
    }
    const input = (args[0] ?? {}) as OperationInput & {
      query?: Readonly<Record<string, unknown>> | undefined;
      pageSize?: number | undefined;
    };
    const limit = Math.min(info.maxLimit, Math.max(1, Math.floor(input.pageSize ?? info.maxLimit)));
    const schema = envelopeOf(operationId, item, info);
    // Core's last-page rule: a short page ends the list, and so does reaching `count`, when it is sent.
    return numberedPages<ListItemOf<O>>(
      async ({ page }, signal) => {
        const data = await requestOperation(
          context,
          operationId,
          {
            path: input.path,
            body: input.body,
            query: { ...input.query, page, limit },
            signal: signal ?? input.signal,
          },
          schema,
        );
        return { items: data.items as ListItemOf<O>[], total: data.count };
      },
      { pageSize: limit, signal: input.signal },
    );
  }

  async function terminateTask(taskId: string | number, options: CallOptions = {}) {
    const input = { path: { task_id: taskId }, signal: options.signal };
    try {
      return await call('put_Task_terminate', input);
    } catch (error) {
      // Only a missing route (an older factory answers it with an HTML 404) sends us to the legacy path;
      // a JSON 404 means the task itself is unknown, which the legacy path would only repeat.
      if (!isNotFoundError(error) || error.vendorCode !== UNKNOWN_ROUTE_CODE) throw error;
      return await call('put_Task_terminateLegacy', input);
    }
  }

  return { call, list: list as SiteFactoryClient['list'], terminateTask };
}
