import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from '@cleanwire/http';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { StoryIndexModule } from '@cleanwire/story-index';
import type { QueryConfig } from './query.config';
import { SearchController } from './search.controller';
import { StoriesController } from './stories.controller';

@Module({})
export class QueryModule {
  static register(config: QueryConfig, logger: Logger): DynamicModule {
    return {
      module: QueryModule,
      imports: [StoryIndexModule.forRoot({ url: config.REDIS_URL, logger })],
      controllers: [StoriesController, SearchController, HealthController],
      providers: [{ provide: LOGGER, useValue: logger }],
    };
  }
}
