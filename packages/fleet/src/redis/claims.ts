import type { TaskClaims } from '@omnihost/core';
import type { Redis } from 'ioredis';
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
