import { type CallOptions, encodePath } from '@omnihost/core';
import { ONAPP_TRANSACTIONS_PAGE_SIZE } from '../constants.js';
import { arrayOf } from '../schemas/lists.js';
import { type Transaction, transactionSchema } from '../schemas/transaction.js';
import { type ApiContext, send, sendData, totalFrom } from './api-context.js';
import { numericId } from './resource-path.js';
import type { OnAppPage, PageQuery } from './virtual-servers.js';

/** Options of `transactions.listPage`. @public */
export interface ListTransactionsQuery extends PageQuery {
  /** Include `log_output` (`?detailed`). */
  detailed?: boolean | undefined;
}

/** Transactions: the typed calls of `/transactions`. @public */
export interface TransactionsApi {
  /** One page of the cloud's transactions, newest first (the panel's default page is 10). */
  listPage(query?: ListTransactionsQuery, options?: CallOptions): Promise<OnAppPage<Transaction>>;
  /** One transaction with its `log_output`. */
  get(transactionId: string | number, options?: CallOptions): Promise<Transaction>;
}

/** Builds the `/transactions` calls. @internal */
export function transactionsApi(context: ApiContext): TransactionsApi {
  return {
    async listPage(query = {}, options) {
      const page = query.page ?? 1;
      const perPage = query.perPage ?? ONAPP_TRANSACTIONS_PAGE_SIZE;
      const result = await send(context, {
        operation: 'transactions.list',
        method: 'GET',
        path: '/transactions',
        query: { page, per_page: perPage, detailed: query.detailed ? '' : undefined },
        schema: arrayOf(transactionSchema),
        options,
      });
      return { items: result.data, page, perPage, total: totalFrom(result.headers) };
    },
    get: (transactionId, options) =>
      // `?log` asks for `log_output` (the PHP wrapper's `load_with_output`); panels that always include it
      // ignore the parameter.
      sendData(context, {
        operation: 'transactions.get',
        method: 'GET',
        path: encodePath`/transactions/${numericId(transactionId, 'transaction')}`,
        query: { log: '' },
        schema: transactionSchema,
        options,
      }),
  };
}
