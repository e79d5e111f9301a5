import { type DynamicModule, Module } from '@nestjs/common';
import { HEALTH_CHECKS, HealthController } from '@cleanwire/http';
import { brokerHealthCheck, KAFKA, KafkaModule, kafkaModuleOptions } from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { IngestGuardsModule } from '@cleanwire/ingest-guards';
import { MetricsModule } from '@cleanwire/metrics';
import type { Kafka } from 'kafkajs';
import { FeedIngestion } from './feed-ingestion.service';
import { FeedsController } from './feeds.controller';
import { IdempotentRequests } from './idempotent-requests';
import { INGEST_CONFIG, type IngestConfig } from './ingest.config';
import { WriteGate } from './write-gate';

@Module({})
export class IngestModule {
  static register(config: IngestConfig, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        MetricsModule.forRoot({ service: 'ingest', logger }),
        KafkaModule.forRoot(
          kafkaModuleOptions(config, {
            clientId: 'ingest',
            publishTimeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
            logger,
          }),
        ),
        IngestGuardsModule.forRoot({ url: config.REDIS_URL, logger }),
      ],
      controllers: [FeedsController, HealthController],
      providers: [
        { provide: INGEST_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        // Ready when the broker answers; Redis only guards (rate limits, idempotency), and writes pass without it.
        { provide: HEALTH_CHECKS, inject: [KAFKA], useFactory: (kafka: Kafka) => [brokerHealthCheck(kafka)] },
        FeedIngestion,
        IdempotentRequests,
        WriteGate,
      ],
    };
  }
}
