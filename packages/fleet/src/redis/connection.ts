import { NetworkError } from '@omnihost/core';
import { Redis } from 'ioredis';

/** The variable that gives the Redis URL (`--redis` wins). @public */
export const REDIS_URL_VARIABLE = 'OMNIHOST_REDIS_URL';

/** A Redis URL as it may be shown: without its password. @public */
export function displayRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid Redis URL)';
  }
}

/**
 * Connects to Redis, first checking it answers (a few seconds at most), so an unreachable Redis is a clear
 * error now rather than commands queued for ever. The connection returned then reconnects by itself and
 * holds commands while Redis restarts (`maxRetriesPerRequest: null`, as BullMQ requires).
 * @throws NetworkError naming the URL (without password) and the reason.
 * @public
 */
export async function connectRedis(url: string, options: { timeoutMs?: number } = {}): Promise<Redis> {
  const shown = displayRedisUrl(url);
  if (!/^rediss?:\/\//.test(url)) {
    throw new NetworkError(`${shown}: a Redis URL starts with redis:// or rediss:// (redis://127.0.0.1:6379)`);
  }
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.timeoutMs ?? 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The connection's own error says why (ECONNREFUSED, ENOTFOUND); the rejected connect only says it closed.
  let cause: { code?: string; message?: string } | undefined;
  probe.on('error', (error: { code?: string; message?: string }) => {
    cause ??= error;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const code = cause?.code ?? (error as { code?: string }).code;
    const reason = code ?? cause?.message ?? (error as Error).message;
    throw new NetworkError(`cannot reach Redis at ${shown}: ${reason}`, { networkCode: code });
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  // Reconnection is ioredis's; an error event without a listener would crash the process instead.
  redis.on('error', () => undefined);
  return redis;
}
