import Redis from 'ioredis';

/** A Redis client that connects at once, queues commands while reconnecting, and fails a command after a few retries instead of hanging. */
export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    // ioredis' default (20) holds a request for seconds while Redis is down; callers would rather get an error and retry their batch.
    maxRetriesPerRequest: 3,
  });
}
