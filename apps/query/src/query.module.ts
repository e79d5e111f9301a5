import { type DynamicModule, Module } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { MetricsModule } from '@cleanwire/metrics';
import { redisHealthCheck } from '@cleanwire/redis';
import { STORY_INDEX_REDIS, StoryIndexModule } from '@cleanwire/story-index';
import type { Redis } from 'ioredis';
import type { QueryConfig } from './query.config';
import { SearchController } from './search.controller';
import { StoriesController } from './stories.controller';

@Module({})
export class QueryModule {
  static register(config: QueryConfig, logger: Logger): DynamicModule {
    return {
      module: QueryModule,
      imports: [
        MetricsModule.forRoot({ service: 'query', logger }),
        StoryIndexModule.forRoot({ url: config.REDIS_URL, logger }),
      ],
      controllers: [StoriesController, SearchController, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        {
          provide: HEALTH_CHECKS,
          inject: [STORY_INDEX_REDIS],
          useFactory: (redis: Redis) => [redisHealthCheck(redis)],
        },
      ],
    };
  }
}
