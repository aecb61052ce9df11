/**
 * A small in-memory provider for the CLI's issue-15 tests: starts that lose their answer after the work began
 * (or fail before it), `operations.reconcile` and `resume` by the intent's key, and tasks that finish after a
 * few polls or never. It is built on core's own start rule (`newIntent`, `startOperation`) and waiter
 * (`createOperation`), so the errors the CLI reports are marked exactly as a vendor package marks them; only
 * the vendor is fake. The CLI gets it through a mocked `createProvider` (see unknown-outcomes.test.ts).
 */
import {
  type Backup,
  type Capabilities,
  createOperation,
  type Deployment,
  NetworkError,
  NotFoundError,
  newIntent,
  type Operation,
  type OperationJSON,
  type Provider,
  type StartIntent,
  type StartKind,
  type StartOptions,
  startOperation,
  type Task,
  TimeoutError,
} from '@omnihost/core';
import { onAppCapabilities } from '@omnihost/onapp';

/** How the next start's request fares. */
export type StartFate =
  /** Executed and answered. */
  | 'ok'
  /** Executed, then the answer was lost (a request timeout): `outcome: 'unknown'`. */
  | 'lost'
  /** Refused before it reached the vendor (connection refused): `outcome: 'not-started'`. */
  | 'refused';

interface FakeTask {
  readonly id: string;
  readonly kind: StartKind;
  readonly siteId: string;
  readonly key: string;
  polls: number;
}

export interface FakeVendor {
  readonly provider: Provider;
  /** Works executed, by idempotency key (a key executed twice is a duplicate). */
  readonly executions: string[];
  /** The idempotency keys the starts were given. */
  readonly keys: (string | undefined)[];
  /** Intents `operations.reconcile` was asked about. */
  readonly reconciled: StartIntent[];
  /** How the next starts fare (first in, first used; then `ok`). */
  readonly fates: StartFate[];
  /** Polls a task takes to succeed; `Infinity`: it never ends. */
  pollsToFinish: number;
}

const capabilities = {
  ...onAppCapabilities,
  operations: {
    reconcile: {
      'backups.create': 'exact',
      'backups.restore': 'heuristic',
      'backups.delete': 'heuristic',
      'deploys.deploy': 'heuristic',
    },
  },
} as const satisfies Capabilities;

/** A fake OnApp-shaped vendor. */
export function fakeVendor(): FakeVendor {
  const tasks = new Map<string, FakeTask>();
  const executions: string[] = [];
  const keys: (string | undefined)[] = [];
  const reconciled: StartIntent[] = [];
  const fates: StartFate[] = [];
  let nextId = 29;

  const taskOf = (record: FakeTask): Task => {
    const done = record.polls >= state.pollsToFinish;
    return {
      vendor: 'onapp',
      id: record.id,
      state: done ? 'succeeded' : record.polls === 0 ? 'queued' : 'running',
      rawStatus: done ? 'complete' : record.polls === 0 ? 'pending' : 'running',
      kind: record.kind,
      raw: {},
    };
  };
  const poll = (id: string): Task => {
    const record = tasks.get(id);
    if (!record) throw new NotFoundError(`task ${id} not found`, { vendor: 'onapp', operation: 'tasks.get' });
    record.polls += 1;
    return taskOf(record);
  };
  const resultOf = (record: FakeTask, task: Task): Backup | Deployment | Task => {
    if (record.kind === 'backups.create') {
      return {
        vendor: 'onapp',
        id: `b-${record.id}`,
        siteId: record.siteId,
        state: 'completed',
        rawStatus: 'built',
        raw: {},
      };
    }
    if (record.kind === 'deploys.deploy') {
      return {
        vendor: 'onapp',
        id: record.id,
        siteId: record.siteId,
        state: 'succeeded',
        rawStatus: 'complete',
        raw: {},
      } as Deployment;
    }
    return task;
  };
  const operationOf = <T>(record: FakeTask, startedAt: string): Operation<T> => {
    const json: OperationJSON = {
      vendor: 'onapp',
      kind: record.kind,
      siteId: record.siteId,
      taskId: record.id,
      key: record.key,
      startedAt,
    };
    const operation = createOperation<T>({
      task: taskOf(record),
      poll: async () => poll(record.id),
      complete: async (task) => resultOf(record, task) as T,
      json,
    });
    // Poll every few milliseconds: the tests are about what the CLI prints, not about the poll schedule.
    return { ...operation, wait: (options) => operation.wait({ ...options, minIntervalMs: 5, maxIntervalMs: 10 }) };
  };

  const start = <T>(kind: StartKind, siteId: string, fields: Partial<StartIntent>, options: StartOptions) => {
    keys.push(options.idempotencyKey);
    const intent = newIntent('onapp', kind, { siteId, ...fields }, options);
    return startOperation<T>(
      intent,
      async () => {
        const fate = fates.shift() ?? 'ok';
        if (fate === 'refused') {
          throw new NetworkError('connect ECONNREFUSED 127.0.0.1:9', {
            vendor: 'onapp',
            operation: kind,
            outcome: 'not-started',
          });
        }
        const record: FakeTask = { id: String(nextId++), kind, siteId, key: intent.key, polls: 0 };
        tasks.set(record.id, record);
        executions.push(intent.key);
        if (fate === 'lost') {
          throw new TimeoutError('onapp request timed out after 1 ms', {
            vendor: 'onapp',
            operation: kind,
            phase: 'request',
            timeoutMs: 1,
            outcome: 'unknown',
          });
        }
        return operationOf<T>(record, intent.startedAt);
      },
      async (lost) => reconcile(lost) as Promise<Operation<T> | null>,
    );
  };

  const reconcile = async (intent: StartIntent): Promise<Operation<unknown> | null> => {
    reconciled.push(intent);
    const record = [...tasks.values()].find((task) => task.key === intent.key && task.kind === intent.kind);
    return record ? operationOf(record, intent.startedAt) : null;
  };

  const provider = {
    vendor: 'onapp',
    capabilities,
    raw: {},
    stats: () => ({ requests: 0, retries: 0, throttled: 0, failures: 0, authReplays: 0, limiterWaitMs: 0 }),
    sites: {
      list: () => {
        throw new Error('not faked');
      },
      get: () => Promise.reject(new Error('not faked')),
    },
    backups: {
      list: () => {
        throw new Error('not faked');
      },
      get: () => Promise.reject(new Error('not faked')),
      downloadLink: () => Promise.reject(new Error('not faked')),
      create: (siteId, options = {}) => start<Backup>('backups.create', siteId, { label: options.label }, options),
      restore: (siteId, backupId, options = {}) =>
        start<Task>('backups.restore', siteId, { backupId, targetSiteId: options.targetSiteId }, options),
      delete: (siteId, backupId, options = {}) => start<Task>('backups.delete', siteId, { backupId }, options),
    },
    deploys: {
      deploy: (siteId, input) => start<Deployment>('deploys.deploy', siteId, { ref: input.ref }, input),
      list: () => {
        throw new Error('not faked');
      },
    },
    tasks: {
      get: async (id) => poll(id),
      wait: (task, options) => {
        const id = typeof task === 'string' ? task : task.id;
        const record = tasks.get(id);
        if (!record) return Promise.reject(new NotFoundError(`task ${id} not found`, { vendor: 'onapp' }));
        return operationOf<Task>(record, new Date().toISOString()).wait(options);
      },
      cancel: () => Promise.resolve(),
    },
    operations: {
      reconcile: (intent) => reconcile(intent),
      resume: async (json) => {
        const record = tasks.get(json.taskId);
        if (!record) throw new NotFoundError(`task ${json.taskId} not found`, { vendor: 'onapp' });
        return operationOf(record, json.startedAt);
      },
    },
  } as Provider;

  const state: FakeVendor = { provider, executions, keys, reconciled, fates, pollsToFinish: 2 };
  return state;
}
