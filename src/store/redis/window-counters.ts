/**
 * The shared window counters in Redis (REDIS_URL): one key per counter, created with its window's
 * expiry by the first hit (SET NX PX), counted with INCRBY, its remaining time read with PTTL —
 * in one MULTI. A command fails at once while Redis is unreachable (no offline queue): the limits
 * then let requests through rather than hold them.
 */
import { Redis } from 'ioredis';
import type { WindowCount, WindowCounters } from '../../domain/ports/counters.js';
import { storedKey } from '../shared/window-counters.js';

export class RedisWindowCounters implements WindowCounters {
  private constructor(private readonly redis: Redis) {}

  /** Connects (failing if Redis cannot be reached) and answers the counters. */
  static async open(url: string): Promise<RedisWindowCounters> {
    const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // Reconnection is ioredis's own; an error event must not crash the process.
    redis.on('error', () => {});
    await redis.connect();
    return new RedisWindowCounters(redis);
  }

  async hit(key: string, windowMs: number, amount: number, now: number): Promise<WindowCount> {
    const name = `calls-api:window:${storedKey(key)}`;
    const replies = await this.redis.multi().set(name, 0, 'PX', windowMs, 'NX').incrby(name, amount).pttl(name).exec();
    const count = reply(replies, 1);
    const ttl = reply(replies, 2);
    return { count, resetAt: now + Math.max(0, ttl) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** The number MULTI's `index`-th command answered, or its error. */
function reply(replies: [error: Error | null, result: unknown][] | null, index: number): number {
  const [error, result] = replies?.[index] ?? [new Error('Redis answered the MULTI with no replies'), undefined];
  if (error) throw error;
  if (typeof result !== 'number') throw new Error('Redis answered a counter command with something other than a number');
  return result;
}
