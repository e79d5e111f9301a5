import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HEALTH_CHECKS, HealthController } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { MetricsModule } from '@cleanwire/metrics';
import { type RedisClient, redisHealthCheck } from '@cleanwire/redis';
import { STORY_INDEX_REDIS, StoryIndexModule } from '@cleanwire/story-index';
import type { QueryConfig } from './query.config';
import { RequestDeadlineInterceptor } from './request-deadline.interceptor';
import { SearchController } from './search.controller';
import { StoriesController } from './stories.controller';

@Module({})
export class QueryModule {
  static register(config: QueryConfig, logger: Logger): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        MetricsModule.forRoot({ service: 'query', logger }),
        StoryIndexModule.forRoot({
          url: config.REDIS_URL,
          cluster: config.REDIS_CLUSTER,
          shards: config.STORY_INDEX_SHARDS,
          commandTimeoutMs: config.QUERY_REDIS_TIMEOUT_MS,
          searchWindow: config.SEARCH_CANDIDATE_WINDOW,
          logger,
        }),
      ],
      controllers: [StoriesController, SearchController, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: APP_INTERCEPTOR, useFactory: () => new RequestDeadlineInterceptor(config.QUERY_DEADLINE_MS) },
        {
          provide: HEALTH_CHECKS,
          inject: [STORY_INDEX_REDIS],
          useFactory: (redis: RedisClient) => [redisHealthCheck(redis)],
        },
      ],
    };
  }
}
