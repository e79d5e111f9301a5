import type { Provider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { HEALTH_PROBE } from '@cleanwire/http';
import type { Logger } from '@cleanwire/logging';
import { KafkaBatchServer } from './batch-consumer.server';
import { KAFKA, KafkaIncidents } from './kafka.module';
import { RecordPublisher } from './record-publisher';

export interface BatchConsumerSettings {
  groupId: string;
  logger: Logger;
  partitionsConcurrency: number;
  sessionTimeoutMs: number;
  fetchMaxWaitMs: number;
  retryMaxDelayMs: number;
}

/** Provides a worker's batch consumer (the Nest transport) and reports its counters on the health endpoint. */
export function batchConsumerProviders(settings: BatchConsumerSettings): Provider[] {
  return [
    {
      provide: KafkaBatchServer,
      inject: [KAFKA, RecordPublisher],
      useFactory: (kafka: Kafka, publisher: RecordPublisher) =>
        new KafkaBatchServer({
          kafka,
          publisher,
          logger: settings.logger,
          groupId: settings.groupId,
          partitionsConsumedConcurrently: settings.partitionsConcurrency,
          sessionTimeoutMs: settings.sessionTimeoutMs,
          fetchMaxWaitMs: settings.fetchMaxWaitMs,
          retry: { maxMs: settings.retryMaxDelayMs },
        }),
    },
    {
      provide: HEALTH_PROBE,
      inject: [KafkaBatchServer, KafkaIncidents],
      useFactory: (server: KafkaBatchServer, incidents: KafkaIncidents) => () => ({
        consumer: { state: server.state, ...server.stats, offsetResets: incidents.offsetResets },
      }),
    },
  ];
}
