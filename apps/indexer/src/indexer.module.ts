import { type DynamicModule, Module } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController } from '@cleanwire/http';
import {
  batchConsumerProviders,
  consumerHealthChecks,
  KafkaBatchServer,
  KafkaModule,
  kafkaModuleOptions,
} from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { MetricsModule } from '@cleanwire/metrics';
import { type RedisClient, redisHealthCheck } from '@cleanwire/redis';
import { STORY_INDEX_REDIS, StoryIndexModule } from '@cleanwire/story-index';
import { CleanStoryConsumer } from './clean-story.consumer';
import type { IndexerConfig } from './indexer.config';
import { RETENTION_OPTIONS, StoryRetentionService } from './story-retention.service';

@Module({})
export class IndexerModule {
  static register(config: IndexerConfig, logger: Logger): DynamicModule {
    return {
      module: IndexerModule,
      imports: [
        MetricsModule.forRoot({ service: 'indexer', logger }),
        KafkaModule.forRoot(kafkaModuleOptions(config, { clientId: 'indexer', logger })),
        StoryIndexModule.forRoot({
          url: config.REDIS_URL,
          cluster: config.REDIS_CLUSTER,
          shards: config.STORY_INDEX_SHARDS,
          logger,
        }),
      ],
      controllers: [CleanStoryConsumer, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        {
          provide: RETENTION_OPTIONS,
          useValue: { days: config.STORY_RETENTION_DAYS, intervalMs: config.STORY_RETENTION_INTERVAL_MS },
        },
        StoryRetentionService,
        ...batchConsumerProviders({
          groupId: config.INDEXER_GROUP_ID,
          logger,
          partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
          retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
        }),
        {
          provide: HEALTH_CHECKS,
          inject: [KafkaBatchServer, STORY_INDEX_REDIS],
          useFactory: (server: KafkaBatchServer, redis: RedisClient) => [
            ...consumerHealthChecks(server),
            redisHealthCheck(redis),
          ],
        },
      ],
    };
  }
}
