import { randomBytes } from 'node:crypto';
import { AbortError, type RateLimiter, type ReleaseSlot } from '@omnihost/core';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua.js';

/**
 * Grants up to ARGV[6] slots of a sliding window shared by every process. The same rule as core's
 * `SlidingWindowRateLimiter`, kept in Redis and dated by Redis's own clock (`TIME`), so workers on machines
 * whose clocks differ still share one window:
 * - a slot is held while its request is in flight (KEYS[2], scored by when its lease ends) and is then
 *   dated by when the request completed (KEYS[1]); it frees a window (+ margin) after that. Dating by
 *   completion means request N+limit leaves at least a window after request N arrived at the vendor,
 *   whatever the network did;
 * - an in-flight slot whose lease ran out (its worker died mid-request) counts as completed when the lease
 *   ended (the lease is far longer than any request may take);
 * - a pause (KEYS[3], a vendor's `Retry-After`) grants nothing until it ends, to every worker.
 * Returns { granted, waitMs }: waitMs is when the next slot frees, or -1 when every slot is in flight.
 */
const ACQUIRE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local margin = tonumber(ARGV[3])
local lease = tonumber(ARGV[5])
local wanted = tonumber(ARGV[6])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES')
for i = 1, #expired, 2 do
  redis.call('ZADD', KEYS[1], 'GT', expired[i + 1], expired[i])
  redis.call('ZREM', KEYS[2], expired[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window - margin)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return { 0, paused - now } end
local free = limit - redis.call('ZCARD', KEYS[1]) - redis.call('ZCARD', KEYS[2])
local granted = math.min(free, wanted)
for i = 1, granted do
  redis.call('ZADD', KEYS[2], now + lease, ARGV[4] .. ':' .. i)
end
local ttl = math.ceil(window + margin + lease)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
if granted > 0 then return { granted, 0 } end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first > 0 then return { 0, math.max(1, tonumber(first[2]) + window + margin - now) } end
return { 0, -1 }
`);

/** Dates a slot by when its request completed (never earlier than a lease-end date it already has). */
const RELEASE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], 'GT', now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`);

/** Pauses the account for every worker; never shortens a pause. */
const PAUSE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000) end
return 1
`);

/** Options of {@link RedisRateLimiter}. @public */
export interface RedisRateLimiterOptions {
  /** The budget's name, shared by every worker of the account (`omnihost:fleet:limit:<account>`). */
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
  /** Extra spacing per window, for clock granularity. Default as core's: min(10 ms, 0.1% of the window). */
  readonly marginMs?: number | undefined;
  /**
   * How long a slot may be in flight before it counts as completed anyway (its worker died). Longer than any
   * request may take. Default 5 minutes.
   */
  readonly leaseMs?: number | undefined;
}

interface Waiter {
  resolve(release: ReleaseSlot): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A rate limiter shared through Redis by every worker of every process of an account: never more than
 * `limit` requests in any window of `windowMs` as the vendor counts them, and a throttling answer
 * (`pauseFor`) pauses the account for all of them. Core's transport asks it before every attempt
 * (`createProvider({ ...config, limiter })`).
 *
 * Not rate-limiter-flexible: its Redis limiters count requests in fixed windows dated when a request is
 * *sent*, which lets up to twice the limit through around a window's edge and a slow request land in the
 * next window, both of which a vendor counts. This is the in-process limiter's rule in one Lua script.
 * Within a process, waiters queue first come first served and only the head asks Redis (for as many slots
 * as are waiting), so waiting costs one command per wake-up, not one per waiter.
 * @public
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly keys: [string, string, string];
  private readonly marginMs: number;
  private readonly leaseMs: number;
  private readonly queue: Waiter[] = [];
  private draining = false;
  private readonly prefix = randomBytes(6).toString('hex');
  private sequence = 0;
  /** Requests granted, and Redis calls made (for the bench). */
  readonly counters = { granted: 0, calls: 0 };

  constructor(
    private readonly redis: Redis,
    readonly options: RedisRateLimiterOptions,
  ) {
    if (!Number.isInteger(options.limit) || options.limit < 1)
      throw new RangeError('rate limit must be a positive integer');
    if (!(options.windowMs > 0)) throw new RangeError('rate limit window must be positive');
    this.keys = [`${options.key}:done`, `${options.key}:inflight`, `${options.key}:pause`];
    this.marginMs = options.marginMs ?? Math.min(10, options.windowMs * 0.001);
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(new AbortError('The operation was aborted'));
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(new AbortError('The operation was aborted'));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      void this.drain();
    });
  }

  async pauseFor(ms: number): Promise<void> {
    if (!(ms > 0)) return;
    this.counters.calls += 1;
    await PAUSE.run(this.redis, [this.keys[2]], [Math.ceil(ms)]);
  }

  /** Asks Redis for as many slots as are waiting, hands them out in order, and sleeps until the next frees. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    let idleWait = 5;
    try {
      while (this.queue.length > 0) {
        this.sequence += 1;
        const id = `${this.prefix}:${this.sequence}`;
        let granted: number;
        let waitMs: number;
        try {
          this.counters.calls += 1;
          [granted, waitMs] = (await ACQUIRE.run(this.redis, this.keys, [
            this.options.limit,
            this.options.windowMs,
            this.marginMs,
            id,
            this.leaseMs,
            Math.min(this.queue.length, this.options.limit),
          ])) as [number, number];
        } catch (error) {
          // Redis unreachable: every waiter hears it (the job retries later), none is left hanging.
          for (const waiter of this.queue.splice(0)) this.settle(waiter).reject(error);
          return;
        }
        for (let index = 1; index <= granted; index += 1) {
          const waiter = this.queue.shift();
          const slot = `${id}:${index}`;
          if (!waiter) {
            void this.release(slot);
            continue;
          }
          this.counters.granted += 1;
          this.settle(waiter).resolve(this.releaser(slot));
        }
        if (this.queue.length === 0) break;
        if (granted > 0) continue;
        // Every slot in flight: a release frees one soon; look again shortly, a little later each time.
        const delay = waitMs >= 0 ? waitMs : idleWait;
        idleWait = waitMs >= 0 ? 5 : Math.min(100, idleWait * 2);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    } finally {
      this.draining = false;
      if (this.queue.length > 0) void this.drain();
    }
  }

  private settle(waiter: Waiter): Waiter {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }

  private releaser(slot: string): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      void this.release(slot);
    };
  }

  private async release(slot: string): Promise<void> {
    this.counters.calls += 1;
    try {
      await RELEASE.run(
        this.redis,
        [this.keys[0], this.keys[1]],
        [slot, Math.ceil(this.options.windowMs + this.marginMs + this.leaseMs)],
      );
    } catch {
      // Unreachable Redis: the slot's lease ends it, dated then (the request completed before).
    }
  }
}
