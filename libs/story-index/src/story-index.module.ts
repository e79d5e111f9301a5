import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from '@cleanwire/logging';
import { createRedisClient } from '@cleanwire/redis';
import { NearDuplicateStore } from './near-duplicate.store';
import { StoryStore } from './story-store';

/** The injection token of the story index's ioredis client. */
export const STORY_INDEX_REDIS = Symbol('STORY_INDEX_REDIS');

/** Provides the story store and the near-duplicate store on one Redis connection, and closes it on shutdown. */
@Module({})
export class StoryIndexModule implements OnApplicationShutdown {
  constructor(@Inject(STORY_INDEX_REDIS) private readonly redis: Redis) {}

  static forRoot(options: { url: string; logger?: Logger }): DynamicModule {
    return {
      module: StoryIndexModule,
      global: true,
      providers: [
        {
          provide: STORY_INDEX_REDIS,
          useFactory: () => createRedisClient(options.url, { logger: options.logger, name: 'story-index' }),
        },
        { provide: StoryStore, inject: [STORY_INDEX_REDIS], useFactory: (redis: Redis) => new StoryStore(redis) },
        {
          provide: NearDuplicateStore,
          inject: [STORY_INDEX_REDIS],
          useFactory: (redis: Redis) => new NearDuplicateStore(redis),
        },
      ],
      exports: [STORY_INDEX_REDIS, StoryStore, NearDuplicateStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
