import { RedisStore } from 'rate-limit-redis';
import { createClient } from 'redis';
import type { Store as RateLimitStore } from 'express-rate-limit';

/** Rate-limit counters in Redis, shared by every instance (REDIS_URL). */
export async function redisRateLimitStore(url: string): Promise<{ store: (name: string) => RateLimitStore; close(): Promise<void> }> {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5_000,
      // Out of reach at start: the start is refused (no silent hang). Lost later: reconnect with backoff.
      reconnectStrategy: (retries, cause) => (connected ? Math.min(retries * 200, 5_000) : new Error(`REDIS_URL cannot be reached (${cause.message})`)),
    },
  });
  // Errors are reported by the commands that fail (the limiter then lets requests through).
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`REDIS_URL cannot be reached: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  connected = true;
  return {
    store: (name) => new RedisStore({ sendCommand: (...args: string[]) => client.sendCommand(args), prefix: `credits:rl:${name.replace(/\W+/g, '-')}:` }),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}
