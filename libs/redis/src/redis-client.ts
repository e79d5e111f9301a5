import Redis, { Cluster } from 'ioredis';
import type { Logger } from '@cleanwire/logging';

/** A single Redis or a Redis Cluster: the stores only use commands both offer, with keys of one slot per script. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** Connection errors are logged here (at most one line per connection state change), never thrown at the process. */
  logger?: Logger;
  /** What this connection serves, for the log lines: `story-index`, `ingest-guards`, `site-noise`. */
  name?: string;
  /** A command not answered within this many milliseconds fails; unset: no deadline. */
  commandTimeoutMs?: number;
  /** Reconnect attempts a queued command waits through before it fails; default 3. */
  maxRetriesPerRequest?: number;
  /** Treat the URL(s) as seed nodes of a Redis Cluster. */
  cluster?: boolean;
}

/** A Redis client that connects at once, queues commands while reconnecting, and fails a command after a few retries instead of hanging. */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  return withErrorLog(new Redis(url, redisOptions(options)), options);
}

/**
 * A client for `url`, or for a Redis Cluster when `options.cluster` is set: `url` then lists the comma-separated seed
 * nodes. Commands of one pipeline must then share a slot (use hash tags).
 */
export function createRedisStoreClient(url: string, options: RedisClientOptions = {}): RedisClient {
  if (!options.cluster) return createRedisClient(url, options);
  const seeds = url.split(',').map((seed) => {
    const parsed = new URL(seed.trim());
    return { host: parsed.hostname, port: Number(parsed.port || 6379) };
  });
  return withErrorLog(
    new Cluster(seeds, { redisOptions: redisOptions(options), enableOfflineQueue: true, enableAutoPipelining: true }),
    options,
  );
}

function redisOptions(options: RedisClientOptions) {
  return {
    lazyConnect: false,
    enableOfflineQueue: true,
    // ioredis' default (20) holds a request for seconds while Redis is down; callers would rather get an error and retry their batch.
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
  };
}

function withErrorLog<C extends RedisClient>(redis: C, options: RedisClientOptions): C {
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
