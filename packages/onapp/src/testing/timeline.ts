import type { SimTransaction } from './records.js';
import { railsTime } from './wire.js';

/**
 * OnApp's transaction queue, per server: a transaction starts when the one queued before it on the same
 * server has ended (and not before it was created), runs for its duration, then ends as decided when it
 * was queued. A step whose predecessor in its chain (`dependent_transaction_id`) failed or was cancelled is
 * cancelled. Nothing runs on timers: `settle(now)` derives every state from the clock, so a manual clock
 * moves a ten-minute rebuild to its end at once.
 * @internal
 */
export class TransactionQueue {
  /** Queued or running transactions, per server, in id (= queue) order. */
  private readonly active = new Map<number, SimTransaction[]>();
  /** When each server's queue last became free. */
  private readonly freeAt = new Map<number, number>();
  private nextPid = 4000;

  constructor(private readonly byId: (id: number) => SimTransaction | undefined) {}

  /** Queues a transaction (already stored by the caller). */
  enqueue(transaction: SimTransaction): void {
    const queue = this.active.get(transaction.serverId) ?? [];
    queue.push(transaction);
    this.active.set(transaction.serverId, queue);
  }

  /** True while a transaction is queued or running on the server (the panel's `locked`). */
  isBusy(serverId: number): boolean {
    return (this.active.get(serverId)?.length ?? 0) > 0;
  }

  /** Brings every queue up to `now`, running the effects of steps that ended, in order. */
  settle(now: number): void {
    for (const [serverId, queue] of this.active) {
      let cursor = this.freeAt.get(serverId) ?? 0;
      while (queue.length > 0) {
        const transaction = queue[0] as SimTransaction;
        const dependency = transaction.dependentId === null ? undefined : this.byId(transaction.dependentId);
        if (dependency && (dependency.status === 'failed' || dependency.status === 'cancelled')) {
          const at = Math.max(transaction.createdAt.getTime(), dependency.finishedAt?.getTime() ?? 0);
          if (now < at) break;
          this.finish(transaction, 'cancelled', at);
          transaction.log.push(`Cancelled: dependent transaction #${dependency.id} ${dependency.status}`);
          queue.shift();
          continue;
        }
        const start = Math.max(transaction.createdAt.getTime(), cursor);
        if (now < start) break;
        this.start(transaction, start);
        const end = start + transaction.durationMs;
        if (now < end) break;
        this.finish(transaction, transaction.outcome, end);
        cursor = end;
        queue.shift();
      }
      this.freeAt.set(serverId, cursor);
      if (queue.length === 0) this.active.delete(serverId);
    }
  }

  private start(transaction: SimTransaction, at: number): void {
    if (transaction.status !== 'pending') return;
    transaction.status = 'running';
    transaction.startedAt = new Date(at);
    transaction.pid = this.nextPid++;
    const { script } = transaction;
    transaction.log.push(`# Logfile created on ${railsTime(new Date(at))} by logger.rb`);
    transaction.log.push(`Remote Server: ${script.remoteServer}`);
    for (const step of script.steps) transaction.log.push(`Running: ${step}`);
  }

  private finish(transaction: SimTransaction, status: 'complete' | 'failed' | 'cancelled', at: number): void {
    transaction.status = status;
    transaction.finishedAt = new Date(at);
    if (status === 'complete') {
      transaction.log.push('Transaction completed successfully');
      transaction.onComplete?.();
      return;
    }
    if (status === 'failed') {
      transaction.log.push(`Fatal: ${transaction.script.failure}`);
      transaction.log.push("System Error ('OnApp::Actions::Fatal')");
      transaction.log.push(`./lib/transactions/${transaction.action}.rb:42:in \`execute'`);
      transaction.log.push("./lib/transactions/base.rb:35:in `run!'");
      transaction.log.push("/onapp/interface/app/models/transaction.rb:131:in `run'");
    }
    transaction.onAbandon?.();
  }
}
