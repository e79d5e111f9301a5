import Redis from 'ioredis';
import type { Logger } from '@cleanwire/logging';

export interface RedisClientOptions {
  /** Connection errors are logged here (at most one line per connection state change), never thrown at the process. */
  logger?: Logger;
  /** What this connection serves, for the log lines: `story-index`, `ingest-guards`, `site-noise`. */
  name?: string;
  /** A command not answered within this many milliseconds fails; unset: no deadline. */
  commandTimeoutMs?: number;
  /** Reconnect attempts a queued command waits through before it fails; default 3. */
  maxRetriesPerRequest?: number;
}

/** A Redis client that connects at once, queues commands while reconnecting, and fails a command after a few retries instead of hanging. */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    // ioredis' default (20) holds a request for seconds while Redis is down; callers would rather get an error and retry their batch.
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
  });
  // Without a listener ioredis prints every failed reconnect to stderr; log a changed error once instead.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    options.logger?.warn({ redis: options.name, err: error }, 'redis connection error');
  });
  redis.on('ready', () => {
    if (lastError !== '') options.logger?.info({ redis: options.name }, 'redis connection restored');
    lastError = '';
  });
  return redis;
}
