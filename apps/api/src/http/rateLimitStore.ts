import { RedisStore } from 'rate-limit-redis';
import { createClient } from 'redis';
import type { Store as RateLimitStore } from 'express-rate-limit';

/** Rate-limit counters in Redis, shared by every instance (REDIS_URL). */
export async function redisRateLimitStore(url: string): Promise<{ store: (name: string) => RateLimitStore; close(): Promise<void> }> {
  const client = createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(retries * 200, 5_000) } });
  // Errors are reported by the commands that fail (the limiter then lets requests through).
  client.on('error', () => undefined);
  await client.connect();
  return {
    store: (name) => new RedisStore({ sendCommand: (...args: string[]) => client.sendCommand(args), prefix: `credits:rl:${name.replace(/\W+/g, '-')}:` }),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}
