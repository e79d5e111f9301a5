import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from '@cleanwire/http';
import { KafkaModule, kafkaModuleOptions } from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { IngestGuardsModule } from '@cleanwire/ingest-guards';
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
        FeedIngestion,
        IdempotentRequests,
        WriteGate,
      ],
    };
  }
}
