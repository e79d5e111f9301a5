import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@cleanwire/logging';
import { createRedisStoreClient, type RedisClient } from '@cleanwire/redis';
import { NearDuplicateStore } from './near-duplicate.store';
import { RedisStorySearch } from './redis-story-search';
import { RedisStoryStore } from './redis-story-store';
import { StoryIndexer } from './story-indexer';
import { StorySearch, StoryStore } from './story-ports';

/** The injection token of the story index's Redis client. */
export const STORY_INDEX_REDIS = Symbol('STORY_INDEX_REDIS');

export interface StoryIndexModuleOptions {
  url: string;
  /** The URL lists the seed nodes of a Redis Cluster. */
  cluster?: boolean;
  /** Shards the index is partitioned into; default 1. */
  shards?: number;
  /** Each Redis command fails after this long (the query service's deadline); unset: none. */
  commandTimeoutMs?: number;
  /** Matches evaluated per search candidate window; default 1000. */
  searchWindow?: number;
  logger?: Logger;
}

/** Provides the story store, search, near-duplicate store and indexer on one Redis connection, closed on shutdown. */
@Module({})
export class StoryIndexModule implements OnApplicationShutdown {
  constructor(@Inject(STORY_INDEX_REDIS) private readonly redis: RedisClient) {}

  static forRoot(options: StoryIndexModuleOptions): DynamicModule {
    return {
      module: StoryIndexModule,
      global: true,
      providers: [
        {
          provide: STORY_INDEX_REDIS,
          useFactory: () =>
            createRedisStoreClient(options.url, {
              logger: options.logger,
              name: 'story-index',
              cluster: options.cluster,
              commandTimeoutMs: options.commandTimeoutMs,
              // With a deadline, a command waits through no reconnect: the caller answers 503 at once instead.
              ...(options.commandTimeoutMs === undefined ? {} : { maxRetriesPerRequest: 1 }),
            }),
        },
        {
          provide: RedisStoryStore,
          inject: [STORY_INDEX_REDIS],
          useFactory: (redis: RedisClient) =>
            new RedisStoryStore(redis, {
              shards: options.shards,
              onBackgroundError: (err) => options.logger?.warn({ err }, 'merging index segments failed; retried later'),
            }),
        },
        { provide: StoryStore, useExisting: RedisStoryStore },
        {
          provide: NearDuplicateStore,
          inject: [RedisStoryStore],
          useFactory: (store: RedisStoryStore) => store.nearDuplicates,
        },
        {
          provide: StorySearch,
          inject: [STORY_INDEX_REDIS, RedisStoryStore],
          useFactory: (redis: RedisClient, store: RedisStoryStore) =>
            new RedisStorySearch(redis, store, { candidateWindow: options.searchWindow }),
        },
        {
          provide: StoryIndexer,
          inject: [StoryStore],
          useFactory: (store: StoryStore) => new StoryIndexer(store),
        },
      ],
      exports: [STORY_INDEX_REDIS, StoryStore, StorySearch, NearDuplicateStore, StoryIndexer, RedisStoryStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
