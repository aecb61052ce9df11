import type { TaskClaims } from '@omnihost/core';
import type { Redis } from 'ioredis';
import type { FleetLocks } from '../engine/context.js';
import { LuaScript } from './lua.js';

/** Claims a task for an intent unless another intent holds it; the claim lasts 30 days. */
const CLAIM = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', 2592000)
  return 1
end
if holder == ARGV[1] then return 1 end
return 0
`);

/**
 * Task claims shared by every worker through Redis: a heuristic reconcile never adopts, for two intents, the
 * same vendor task, whichever workers ran them. Holds vendor task ids and idempotency keys, never a secret.
 * @public
 */
export function redisTaskClaims(redis: Redis, prefix: string): TaskClaims {
  return {
    async claim(vendor, taskId, intentKey) {
      return (await CLAIM.run(redis, [`${prefix}:claim:${vendor}:${taskId}`], [intentKey])) === 1;
    },
  };
}

const ACQUIRE_LOCK = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0
`);

const RENEW_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 1
`);

const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

/** Locks shared by every worker through Redis (a key per lock, its owner, an expiry). @public */
export function redisLocks(redis: Redis, prefix: string): FleetLocks {
  return {
    async acquire(name, owner, ttlMs) {
      return (await ACQUIRE_LOCK.run(redis, [`${prefix}:lock:${name}`], [owner, Math.max(1, Math.ceil(ttlMs))])) === 1;
    },
    async renew(name, owner, ttlMs) {
      await RENEW_LOCK.run(redis, [`${prefix}:lock:${name}`], [owner, Math.max(1, Math.ceil(ttlMs))]);
    },
    async release(name, owner) {
      await RELEASE_LOCK.run(redis, [`${prefix}:lock:${name}`], [owner]);
    },
  };
}
