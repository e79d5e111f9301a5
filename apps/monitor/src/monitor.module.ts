import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { HEALTH_CHECKS, HealthController } from '@cleanwire/http';
import { brokerHealthCheck, KAFKA, KafkaModule } from '@cleanwire/kafka';
import { LOGGER, type Logger } from '@cleanwire/logging';
import { MetricsModule } from '@cleanwire/metrics';
import { PipelineMonitorModule } from '@cleanwire/pipeline-monitor';
import { ArticlesController } from './articles.controller';
import { DashboardController } from './dashboard.controller';
import { DeadLettersController } from './dead-letters.controller';
import { GroupsController } from './groups.controller';
import { MONITOR_CONFIG, type MonitorConfig } from './monitor.config';
import { OperatorKeys } from './operator-keys';
import { TopicsController } from './topics.controller';

@Module({})
export class MonitorModule {
  static register(config: MonitorConfig, logger: Logger): DynamicModule {
    return {
      module: MonitorModule,
      imports: [
        MetricsModule.forRoot({ service: 'monitor', logger }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: `${config.KAFKA_CLIENT_ID}-monitor`,
          idempotentProducer: config.KAFKA_IDEMPOTENT_PRODUCER,
          logger,
        }),
        PipelineMonitorModule.forRoot({
          logger,
          groups: config.MONITOR_GROUPS,
          intervalMs: config.MONITOR_SAMPLE_INTERVAL_MS,
          windowSamples: config.MONITOR_WINDOW_SAMPLES,
          historyMs: config.MONITOR_HISTORY_MINUTES * 60_000,
          metricsUrls: config.MONITOR_METRICS_URLS,
          scanLimit: config.MONITOR_SCAN_LIMIT,
        }),
      ],
      controllers: [
        DashboardController,
        TopicsController,
        GroupsController,
        DeadLettersController,
        ArticlesController,
        HealthController,
      ],
      providers: [
        { provide: MONITOR_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: HEALTH_CHECKS, inject: [KAFKA], useFactory: (kafka: Kafka) => [brokerHealthCheck(kafka)] },
        OperatorKeys,
      ],
    };
  }
}
