import { hostname } from 'node:os';
import { createProvider, type Provider, VENDORS } from '@omnihost/core';
import { DelayedError, type Job, type JobsOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type Accounts, type Environment, providerConfigFor, secretValuesOf } from '../accounts/accounts.js';
import {
  type CrashPoint,
  DEFAULT_TUNING,
  type EngineTuning,
  type FleetContext,
  type WorkerContext,
} from '../engine/context.js';
import { errorName, scrub } from '../engine/errors.js';
import { processJob } from '../engine/job.js';
import { accountOfJob, type FleetJob, type FleetJobData } from '../engine/model.js';
import { redisLocks, redisTaskClaims } from './claims.js';
import { connectRedis } from './connection.js';
import { RedisRateLimiter } from './limiter.js';
import { RedisRunStore } from './store.js';

/** The default Redis key prefix of a fleet. @public */
export const DEFAULT_FLEET_PREFIX = 'omnihost:fleet';
/** The name every fleet queue starts with: one queue per account, `omnihost-fleet.<account>`. @public */
export const FLEET_QUEUE = 'omnihost-fleet';

/**
 * The BullMQ queue of one account's jobs. One queue per account, each with its own worker slots, so that an
 * account waiting on its rate limit never holds the slots another account could use: with one shared queue,
 * 3,000 Site Factory jobs queued first held every slot while they waited for Site Factory's budget, and the
 * Acquia and OnApp accounts sat idle until they were done (fleet-scale ran the accounts one after another).
 * BullMQ itself rate-limits per queue for the same reason.
 * @public
 */
export function fleetQueueName(account: string): string {
  return `${FLEET_QUEUE}.${account}`;
}

/** Where a durable fleet lives. @public */
export interface RedisFleetOptions {
  /** `redis://host:port` (`--redis`, `OMNIHOST_REDIS_URL`). */
  readonly url: string;
  /** Key prefix, to keep several fleets in one Redis apart. Default `omnihost:fleet`. */
  readonly prefix?: string | undefined;
}

/**
 * A job's retry policy in BullMQ: a job throws only when Redis itself failed under it (a vendor's failure is
 * a result, decided by the step code), so it is tried again, patiently, from its last checkpoint.
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 50,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3_600 },
  removeOnFail: { age: 30 * 24 * 3_600 },
  stackTraceLimit: 0,
};

/**
 * The durable side of a fleet: the run store and the BullMQ queue on one Redis. `context()` is what
 * `startRun`, `resumeRun` and `cancelRun` take.
 * @public
 */
export class RedisFleet {
  private readonly queues = new Map<string, Queue>();

  private constructor(
    readonly redis: Redis,
    readonly store: RedisRunStore,
    readonly prefix: string,
  ) {}

  /**
   * Connects (an unreachable Redis is a NetworkError now, naming the URL without its password).
   * @throws NetworkError
   */
  static async connect(options: RedisFleetOptions): Promise<RedisFleet> {
    const redis = await connectRedis(options.url);
    const prefix = options.prefix ?? DEFAULT_FLEET_PREFIX;
    return new RedisFleet(redis, new RedisRunStore(redis, prefix), prefix);
  }

  context(log?: (line: string) => void): FleetContext {
    return { store: this.store, enqueue: (jobs) => this.enqueue(jobs), log };
  }

  /** The queue of one account's jobs (see {@link fleetQueueName}). */
  queueOf(account: string): Queue {
    let queue = this.queues.get(account);
    if (!queue) {
      queue = new Queue(fleetQueueName(account), { connection: this.redis, prefix: `${this.prefix}:bull` });
      queue.on('error', () => undefined);
      this.queues.set(account, queue);
    }
    return queue;
  }

  /**
   * Adds jobs in bulk, each to its account's queue; a job whose id is in its queue already is not added again
   * (BullMQ's rule, and a job's id names its account).
   */
  async enqueue(jobs: readonly FleetJob[]): Promise<void> {
    const byAccount = new Map<string, FleetJob[]>();
    for (const job of jobs) {
      const account = accountOfJob(job.data);
      const list = byAccount.get(account) ?? [];
      list.push(job);
      byAccount.set(account, list);
    }
    for (const [account, list] of byAccount) {
      const queue = this.queueOf(account);
      for (let start = 0; start < list.length; start += 500) {
        await queue.addBulk(
          list.slice(start, start + 500).map((job) => ({
            name: job.data.type,
            data: job.data,
            opts: { ...JOB_OPTIONS, jobId: job.id },
          })),
        );
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.redis.disconnect();
  }
}

/** Options of {@link startWorker}. @public */
export interface WorkerOptions extends RedisFleetOptions {
  /** The accounts file's accounts: a worker resolves secrets from its own environment. */
  readonly accounts: Accounts;
  readonly env?: Environment | undefined;
  /**
   * Jobs at once, per account (each account has its own queue and slots). A job holds a slot only while it
   * calls the vendor, never while a task runs. Default 20.
   */
  readonly concurrency?: number | undefined;
  readonly log?: ((line: string) => void) | undefined;
  readonly tuning?: Partial<EngineTuning> | undefined;
  /** BullMQ's lock on a job being worked on; a dead worker's jobs are taken over after it. Default 30 s. */
  readonly lockDurationMs?: number | undefined;
  /** How often stalled jobs (a dead worker's) are looked for. Default 30 s. */
  readonly stalledIntervalMs?: number | undefined;
  /** Test-only: die at a crash point (see `crashPointsFromEnv`). */
  readonly crash?: ((point: CrashPoint) => void) | undefined;
}

/** A running fleet worker. @public */
export interface FleetWorker {
  /** One BullMQ worker per account of the accounts file, each on that account's queue. */
  readonly workers: readonly Worker[];
  /** Rate-limiter counters per account (granted requests, Redis calls). */
  limiterCounters(): Record<string, { granted: number; calls: number }>;
  /** Finishes the jobs in hand (each is one vendor call at most) and stops. */
  close(): Promise<void>;
}

/**
 * Starts a worker: takes each account's jobs from that account's queue, `concurrency` at a time per account,
 * with one provider per account (secrets from this process's environment) whose rate limit is shared through
 * Redis with every other worker of the account. A job that polls gives its slot back between polls (a delayed
 * job). An account busy with its rate limit never holds another account's slots (see {@link fleetQueueName}).
 * @throws NetworkError for an unreachable Redis.
 * @public
 */
export async function startWorker(options: WorkerOptions): Promise<FleetWorker> {
  const env = options.env ?? process.env;
  const fleet = await RedisFleet.connect(options);
  const prefix = fleet.prefix;
  const limiters = new Map<string, RedisRateLimiter>();
  const providers = new Map<string, Promise<Provider>>();
  const allSecrets = () => options.accounts.list.flatMap((account) => secretValuesOf(account, env));
  const log = options.log;

  const context: WorkerContext = {
    ...fleet.context(log),
    claims: redisTaskClaims(fleet.redis, prefix),
    locks: redisLocks(fleet.redis, prefix),
    secretsOf: (account) => (options.accounts.has(account) ? secretValuesOf(options.accounts.get(account), env) : []),
    tuning: { ...DEFAULT_TUNING, ...options.tuning },
    crash: options.crash,
    provider(name) {
      let provider = providers.get(name);
      if (!provider) {
        provider = (async () => {
          const account = options.accounts.get(name);
          const config = providerConfigFor(account, env);
          const rateLimit =
            (config as { rateLimit?: false | { limit: number; windowMs: number } }).rateLimit ??
            VENDORS[account.vendor].defaultRateLimit;
          let limiter: RedisRateLimiter | undefined;
          if (rateLimit) {
            limiter = new RedisRateLimiter(fleet.redis, { key: `${prefix}:limit:${account.name}`, ...rateLimit });
            limiters.set(name, limiter);
          }
          return (await createProvider({ ...config, ...(limiter ? { limiter } : {}) })) as Provider;
        })();
        providers.set(name, provider);
        // A failure (a missing variable) is not cached: the next job asks again.
        provider.catch(() => providers.delete(name));
      }
      return provider;
    },
  };

  const processor = async (job: Job<FleetJobData>, token?: string) => {
    const handle = {
      id: job.id ?? '',
      data: job.data,
      update: (data: FleetJobData) => job.updateData(data),
    };
    let step: Awaited<ReturnType<typeof processJob>>;
    try {
      step = await processJob(handle, context);
    } catch (error) {
      // Only Redis failing under the job (or a bug) gets here: BullMQ tries it again from its checkpoint.
      // What BullMQ keeps of it is scrubbed: no credential reaches a failed reason.
      throw new Error(scrub(`${errorName(error)}: ${(error as Error)?.message ?? String(error)}`, allSecrets()));
    }
    if (step.kind === 'later') {
      await job.moveToDelayed(Date.now() + Math.max(1, Math.round(step.delayMs)), token);
      throw new DelayedError();
    }
  };

  const workers = options.accounts.list.map((account) => {
    const worker = new Worker<FleetJobData>(fleetQueueName(account.name), processor, {
      connection: fleet.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: `${prefix}:bull`,
      concurrency: options.concurrency ?? 20,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      // A killed worker's job comes back as stalled; it is safe to run again from its checkpoint, however often.
      maxStalledCount: 1_000,
      name: `${hostname()}:${process.pid}`,
    });
    worker.on('error', (error) => log?.(`worker ${account.name}: ${scrub(String(error.message), allSecrets())}`));
    return worker;
  });
  return {
    workers,
    limiterCounters: () => Object.fromEntries([...limiters].map(([name, limiter]) => [name, { ...limiter.counters }])),
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await fleet.close();
    },
  };
}
