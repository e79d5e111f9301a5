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
import { redisHealthCheck } from '@cleanwire/redis';
import { SITE_NOISE_REDIS, SiteNoiseModule } from '@cleanwire/site-noise';
import type { Redis } from 'ioredis';
import type { NormalizerConfig } from './normalizer.config';
import { RawArticleConsumer } from './raw-article.consumer';

@Module({})
export class NormalizerModule {
  static register(config: NormalizerConfig, logger: Logger): DynamicModule {
    return {
      module: NormalizerModule,
      imports: [
        MetricsModule.forRoot({ service: 'normalizer', logger }),
        KafkaModule.forRoot(kafkaModuleOptions(config, { clientId: 'normalizer', logger })),
        SiteNoiseModule.forRoot({
          url: config.REDIS_URL,
          logger,
          policy: { minArticles: config.SITE_NOISE_MIN_ARTICLES, minShare: config.SITE_NOISE_MIN_SHARE },
          retentionSeconds: config.SITE_NOISE_RETENTION_DAYS * 24 * 3600,
        }),
      ],
      controllers: [RawArticleConsumer, HealthController],
      providers: [
        { provide: LOGGER, useValue: logger },
        ...batchConsumerProviders({
          groupId: config.NORMALIZER_GROUP_ID,
          logger,
          partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY,
          sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
          fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
          retryMaxDelayMs: config.RETRY_MAX_DELAY_MS,
        }),
        {
          provide: HEALTH_CHECKS,
          inject: [KafkaBatchServer, SITE_NOISE_REDIS],
          useFactory: (server: KafkaBatchServer, redis: Redis) => [
            ...consumerHealthChecks(server),
            redisHealthCheck(redis),
          ],
        },
      ],
    };
  }
}
