import { abortable } from '@omnihost/core';

/** The tail of each server's queue of mutation windows, process-wide. */
const tails = new Map<string, Promise<void>>();

/**
 * Runs `work` alone for `key` (one OnApp server on one panel) among every caller in this process, in
 * arrival order. The transaction finder uses it so that between reading a server's newest transaction id
 * and finding the transaction its own call created, no other call from this process can add one to that
 * server. Waiting can be aborted; the queue behind an aborted waiter still moves on.
 * @internal
 */
export async function withServerLock<T>(key: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release: () => void = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The next caller waits for the previous holder and then for us, whatever happens to us.
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  try {
    await abortable(previous, signal, { vendor: 'onapp', operation: 'transactions.find' });
  } catch (error) {
    void previous.then(release);
    forget(key, tail);
    throw error;
  }
  try {
    return await work();
  } finally {
    release();
    forget(key, tail);
  }
}

function forget(key: string, tail: Promise<void>): void {
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
}
