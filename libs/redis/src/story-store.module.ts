import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisClient } from './redis-client';
import { StoryStore } from './story-store';

/** The injection token of the service's ioredis client. */
export const REDIS = Symbol('REDIS');

/** Provides the Redis client and the story store, and closes the connection on shutdown. */
@Module({})
export class StoryStoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(options: { url: string }): DynamicModule {
    return {
      module: StoryStoreModule,
      global: true,
      providers: [
        { provide: REDIS, useFactory: () => createRedisClient(options.url) },
        { provide: StoryStore, inject: [REDIS], useFactory: (redis: Redis) => new StoryStore(redis) },
      ],
      exports: [REDIS, StoryStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
