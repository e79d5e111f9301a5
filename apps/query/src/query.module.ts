import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { NearDuplicateStore, REDIS, StoryStoreModule } from '@cleanwire/redis';
import type { Redis } from 'ioredis';
import type { QueryConfig } from './query.config';
import { SearchController } from './search.controller';
import { StoriesController } from './stories.controller';

@Module({})
export class QueryModule {
  static register(config: QueryConfig, logger: Logger): DynamicModule {
    return {
      module: QueryModule,
      imports: [StoryStoreModule.forRoot({ url: config.REDIS_URL })],
      controllers: [StoriesController, SearchController, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: NearDuplicateStore, inject: [REDIS], useFactory: (redis: Redis) => new NearDuplicateStore(redis) },
      ],
    };
  }
}
