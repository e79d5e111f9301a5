import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from '@cleanwire/logging';
import { createRedisClient } from '@cleanwire/redis';
import { IdempotencyStore } from './idempotency.store';
import { RateLimitStore } from './rate-limit.store';

/** The injection token of the Redis client behind rate limits and idempotency keys. */
export const GUARD_REDIS = Symbol('GUARD_REDIS');

/**
 * Provides the rate-limit and idempotency stores on their own Redis connection. A request waits for these on its
 * way in, so a command fails after a second instead of queueing while Redis is away.
 */
@Module({})
export class IngestGuardsModule implements OnApplicationShutdown {
  constructor(@Inject(GUARD_REDIS) private readonly redis: Redis) {}

  static forRoot(options: { url: string; commandTimeoutMs?: number; logger?: Logger }): DynamicModule {
    return {
      module: IngestGuardsModule,
      global: true,
      providers: [
        {
          provide: GUARD_REDIS,
          useFactory: () =>
            createRedisClient(options.url, {
              logger: options.logger,
              name: 'ingest-guards',
              commandTimeoutMs: options.commandTimeoutMs ?? 1000,
              maxRetriesPerRequest: 1,
            }),
        },
        { provide: RateLimitStore, inject: [GUARD_REDIS], useFactory: (redis: Redis) => new RateLimitStore(redis) },
        { provide: IdempotencyStore, inject: [GUARD_REDIS], useFactory: (redis: Redis) => new IdempotencyStore(redis) },
      ],
      exports: [GUARD_REDIS, RateLimitStore, IdempotencyStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
