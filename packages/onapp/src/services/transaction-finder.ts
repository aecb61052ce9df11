import { isOmnihostError, numberedPages, ResponseValidationError, type Task, waitForTask } from '@omnihost/core';
import type { OnAppClient } from '../client/onapp-client.js';
import { toDate } from '../schemas/scalars.js';
import type { Transaction } from '../schemas/transaction.js';
import { withServerLock } from './server-lock.js';

/** What the transaction created by a call looks like. @internal */
export interface TransactionExpectation {
  /** Actions the call starts with (the first step, for a chain). */
  readonly actions: readonly string[];
  /** The object acted on, when the call names one (the new backup); otherwise any object of the server. */
  readonly parent?: { readonly type: string; readonly id: number } | undefined;
  /** Follow `dependent_transaction_id` links to the chain's last step (a rebuild is several steps). */
  readonly chain?: boolean | undefined;
}

/** Options of {@link runAndFindTransaction}. @internal */
export interface FindOptions {
  /** Give up (typed error) when nothing shows up in this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /**
   * Told the server's newest transaction id before the call is sent: the start's intent keeps it
   * (`intent.marks`), so a reconcile orders the panel's records by id instead of by clock (issue 15).
   */
  readonly onMark?: ((mark: number) => void) | undefined;
}

/** Rows read per page while looking, and pages read at most, per look. */
const PAGE_SIZE = 50;
const MAX_PAGES = 10;

/**
 * Runs a call that makes OnApp queue work and returns the transaction that call created.
 *
 * OnApp answers such calls with "201 Scheduled" and the object, never with a transaction id
 * (vendors/onapp.md §2, §4.1). The transaction is found by this rule:
 *
 * 1. **Mark.** Before the call, read the server's newest transaction id `M`.
 * 2. **Call.** Send it. OnApp inserts the transaction while answering, and transaction ids come from one
 *    auto-increment sequence, so the new row's id is greater than every id that existed before the
 *    call started, `M` included. No timestamps are compared: the client's and the panel's clocks differ
 *    (the alexzorin CLI's "created_at ≥ request time − 5 s" window can match a transaction from four
 *    seconds before the call).
 * 3. **Find.** List the server's transactions (newest first, paging back until the mark) and take the
 *    *lowest* id above `M` whose action is expected, whose parent is the expected object (or any object
 *    of the server) and which does not wait on another new row; for a chain, follow its successors to
 *    the last step.
 *
 * Steps 1–3 run under a per-server lock shared by every provider in the process, so no other call from
 * this process can add a transaction to the server between its mark and its find: every candidate above
 * the mark that this process created is this call's own. An older transaction can never be returned
 * (its id is ≤ M); a concurrent call's can't either (it finished its window before our mark, so its ids
 * are ≤ our M; or it starts after our find). What no client can tell apart is an identical action sent
 * by *another* client in the same instant; taking the lowest id above the mark picks the one queued
 * first, which the panel runs first.
 *
 * When the call names a brand-new object (a backup's id comes back in the 201), that parent alone
 * identifies the transaction, and the mark is skipped.
 * @internal
 */
export async function runAndFindTransaction<R>(
  client: OnAppClient,
  serverId: number,
  call: () => Promise<R>,
  expect: (result: R) => TransactionExpectation,
  options: FindOptions,
): Promise<{ result: R; transaction: Transaction }> {
  return withServerLock(
    serverLockKey(client, serverId),
    async () => {
      const mark = await newestTransactionId(client, serverId, options.signal);
      options.onMark?.(mark);
      const result = await call();
      const expectation = expect(result);
      const transaction = await findAfter(client, serverId, mark, expectation, options);
      return { result, transaction };
    },
    options.signal,
  );
}

/**
 * The key of a server's lock (see {@link withServerLock}): one OnApp server on one panel. A reconcile takes
 * it too, so it never reads a server's records in the middle of a start's mark-and-find window. @internal
 */
export function serverLockKey(client: OnAppClient, serverId: number): string {
  return `${client.http.baseUrl}|${serverId}`;
}

/** Runs a call whose 201 names a new parent object, then finds its transaction by that parent. @internal */
export async function runAndFindByNewParent<R>(
  client: OnAppClient,
  serverId: number,
  call: () => Promise<R>,
  expect: (result: R) => TransactionExpectation & { parent: { type: string; id: number } },
  options: FindOptions,
): Promise<{ result: R; transaction: Transaction }> {
  const result = await call();
  const transaction = await findAfter(client, serverId, 0, expect(result), options);
  return { result, transaction };
}

async function newestTransactionId(client: OnAppClient, serverId: number, signal: AbortSignal | undefined) {
  const rows = await client.virtualServers.transactions(serverId, { page: 1, perPage: PAGE_SIZE }, { signal });
  // Max, not the first row: the mark must not depend on the panel's sort order.
  let newest = 0;
  for (const row of rows) if (row.id > newest) newest = row.id;
  return newest;
}

/**
 * Looks for the transaction until it appears. Looking is polling, so it runs on core's waiter (deadline,
 * backoff, abort): each look is one "observation" that is `succeeded` once the row is there.
 */
async function findAfter(
  client: OnAppClient,
  serverId: number,
  mark: number,
  expectation: TransactionExpectation,
  options: FindOptions,
): Promise<Transaction> {
  // Without a mark (a new parent names the row), paging stops at the first page holding the row: the
  // list is newest first, so a server's long history is not read on every look.
  const enough = mark === 0 ? (rows: readonly Transaction[]) => !!pick(rows, serverId, mark, expectation) : undefined;
  const look = async (signal: AbortSignal | undefined): Promise<Task> => {
    const found = pick(await rowsAbove(client, serverId, mark, signal, enough), serverId, mark, expectation);
    return {
      vendor: 'onapp',
      id: found ? String(found.id) : `awaiting-${expectation.actions[0] ?? 'transaction'}`,
      state: found ? 'succeeded' : 'queued',
      rawStatus: found ? 'found' : 'not yet listed',
      raw: found,
    };
  };
  try {
    const final = await waitForTask(look, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      minIntervalMs: 200,
      maxIntervalMs: 2000,
      // The deadline is how long to look, not how long a look may queue for a slot of the rate limit: a fleet
      // of backups started at once queues its looks behind each other (bench/fleet.ts).
      letPollsFinish: true,
    });
    return final.raw as Transaction;
  } catch (error) {
    if (isOmnihostError(error) && error.name === 'TimeoutError') {
      throw new ResponseValidationError(
        `onapp: the panel accepted the call but no ${expectation.actions.join('/')} transaction appeared for server ${serverId} within ${Math.round(options.timeoutMs / 1000)} s`,
        { vendor: 'onapp', operation: 'transactions.find', reason: 'unexpected' },
      );
    }
    throw error;
  }
}

/**
 * The server's transactions with an id above the mark, paging back (newest first) until the mark, at most
 * {@link MAX_PAGES} pages. Which page is the last is core's rule (`numberedPages`: a short or empty page);
 * reaching the mark, or `enough`, stops earlier.
 * @internal
 */
export async function rowsAbove(
  client: OnAppClient,
  serverId: number,
  mark: number,
  signal: AbortSignal | undefined,
  enough?: ((rows: readonly Transaction[]) => boolean) | undefined,
): Promise<Transaction[]> {
  return (await readBack(client, serverId, signal, (row) => row.id <= mark, MAX_PAGES, enough)).rows;
}

/** Rows read back from the newest, and whether they reach the bound asked for (else a page limit cut them). @internal */
export interface RowsRead {
  readonly rows: Transaction[];
  /** True when every row within the bound was read: what was not found is not there. */
  readonly complete: boolean;
}

/** The server's transactions above the mark, up to `maxPages` pages, and whether the mark was reached. @internal */
export function rowsAboveMark(
  client: OnAppClient,
  serverId: number,
  mark: number,
  signal: AbortSignal | undefined,
  maxPages: number,
): Promise<RowsRead> {
  return readBack(client, serverId, signal, (row) => row.id <= mark, maxPages);
}

/**
 * The server's transactions created at or after `sinceMs` (by the panel's `created_at`), up to `maxPages`
 * pages: what a reconcile reads when its intent has no mark (an intent written by hand, or by another tool).
 * @internal
 */
export function rowsSince(
  client: OnAppClient,
  serverId: number,
  sinceMs: number,
  signal: AbortSignal | undefined,
  maxPages: number,
): Promise<RowsRead> {
  return readBack(
    client,
    serverId,
    signal,
    (row) => {
      const created = toDate(row.created_at)?.getTime();
      return created !== undefined && created < sinceMs;
    },
    maxPages,
  );
}

/** Reads the server's list back from the newest row until a row `isOlder`, `enough`, the last page or `maxPages`. */
async function readBack(
  client: OnAppClient,
  serverId: number,
  signal: AbortSignal | undefined,
  isOlder: (row: Transaction) => boolean,
  maxPages: number,
  enough?: ((rows: readonly Transaction[]) => boolean) | undefined,
): Promise<RowsRead> {
  const rows: Transaction[] = [];
  const pages = numberedPages(
    async (request, pageSignal) => ({
      items: await client.virtualServers.transactions(
        serverId,
        { page: request.page, perPage: request.limit },
        { signal: pageSignal },
      ),
    }),
    { pageSize: PAGE_SIZE, signal },
  );
  let read = 0;
  for await (const batch of pages.pages()) {
    read += 1;
    let older = false;
    for (const row of batch) {
      if (isOlder(row)) older = true;
      else rows.push(row);
    }
    if (older || enough?.(rows)) break;
    if (read >= maxPages) return { rows, complete: batch.length < PAGE_SIZE };
  }
  return { rows, complete: true };
}

/** Applies the rule's step 3 to the rows above the mark. Pure, so it is tested on its own. @internal */
export function pick(
  rows: readonly Transaction[],
  serverId: number,
  mark: number,
  expectation: TransactionExpectation,
): Transaction | undefined {
  const [first] = anchorsOf(rows, serverId, mark, expectation);
  if (!first || !expectation.chain) return first;
  return chainEnd(rows, serverId, mark, first);
}

/**
 * Every row above the mark that could be the first transaction of a call of this expectation, lowest id
 * first: its action is expected, its parent is the expected object (or any object of the server), and it
 * does not wait on another row above the mark. @internal
 */
export function anchorsOf(
  rows: readonly Transaction[],
  serverId: number,
  mark: number,
  expectation: TransactionExpectation,
): Transaction[] {
  const fresh = freshRows(rows, serverId, mark);
  const freshIds = new Set(fresh.map((row) => row.id));
  return fresh
    .filter(
      (row) =>
        expectation.actions.includes(row.action ?? '') &&
        (!expectation.parent ||
          (row.parent_type === expectation.parent.type && row.parent_id === expectation.parent.id)) &&
        (row.dependent_transaction_id == null || !freshIds.has(row.dependent_transaction_id)),
    )
    .sort((a, b) => a.id - b.id);
}

/** The steps of the chain that starts at `anchor`, in order (the anchor first, the last step last). @internal */
export function chainFrom(
  rows: readonly Transaction[],
  serverId: number,
  mark: number,
  anchor: Transaction,
): Transaction[] {
  const fresh = freshRows(rows, serverId, mark);
  const chain = [anchor];
  const seen = new Set<number>([anchor.id]);
  for (;;) {
    const from = chain[chain.length - 1] as Transaction;
    const next = fresh
      .filter((row) => row.dependent_transaction_id === from.id && !seen.has(row.id))
      .sort((a, b) => a.id - b.id)[0];
    if (!next) return chain;
    seen.add(next.id);
    chain.push(next);
  }
}

function chainEnd(rows: readonly Transaction[], serverId: number, mark: number, anchor: Transaction): Transaction {
  return chainFrom(rows, serverId, mark, anchor).at(-1) as Transaction;
}

function freshRows(rows: readonly Transaction[], serverId: number, mark: number): Transaction[] {
  return rows.filter((row) => row.id > mark && !belongsElsewhere(row, serverId));
}

/** A row of a server-scoped list that positively names another server (defensive; the list is scoped). */
function belongsElsewhere(row: Transaction, serverId: number): boolean {
  if (row.parent_type === 'VirtualMachine' && row.parent_id != null && row.parent_id !== serverId) return true;
  return (
    row.associated_object_type === 'VirtualMachine' &&
    row.associated_object_id != null &&
    row.associated_object_id !== serverId
  );
}
