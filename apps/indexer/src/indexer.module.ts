import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from '@cleanwire/http';
import { batchConsumerProviders, KafkaModule, kafkaModuleOptions } from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { StoryIndexModule } from '@cleanwire/story-index';
import { CleanStoryConsumer } from './clean-story.consumer';
import type { IndexerConfig } from './indexer.config';

@Module({})
export class IndexerModule {
  static register(config: IndexerConfig, logger: Logger): DynamicModule {
    return {
      module: IndexerModule,
      imports: [
        KafkaModule.forRoot(kafkaModuleOptions(config, { clientId: 'indexer', logger })),
        StoryIndexModule.forRoot({ url: config.REDIS_URL, logger }),
      ],
      controllers: [CleanStoryConsumer, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        ...batchConsumerProviders({
          groupId: config.INDEXER_GROUP_ID,
          logger,
          partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
          retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
        }),
      ],
    };
  }
}
