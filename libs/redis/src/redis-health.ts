import type { Cluster, Redis } from 'ioredis';
import type { HealthCheck } from '@cleanwire/http';

/** Redis answers PING on this connection. */
export function redisHealthCheck(redis: Redis | Cluster, name = 'redis'): HealthCheck {
  return {
    name,
    scope: 'ready',
    async check() {
      if (redis.status !== 'ready') throw new Error(`the connection is ${redis.status}`);
      await redis.ping();
    },
  };
}
