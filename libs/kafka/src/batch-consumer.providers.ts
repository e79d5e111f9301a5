import type { Provider } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { HEALTH_PROBE } from '@cleanwire/http';
import type { Logger } from '@cleanwire/logging';
import { type ConsumerObserver, KafkaBatchServer } from './batch-consumer.server';
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

/** The injection token of the service's ConsumerObserver (its metrics), when it has one. */
export const CONSUMER_OBSERVER = Symbol('CONSUMER_OBSERVER');

/** Provides a worker's batch consumer (the Nest transport) and reports its counters on the health endpoint. */
export function batchConsumerProviders(settings: BatchConsumerSettings): Provider[] {
  return [
    {
      provide: KafkaBatchServer,
      inject: [KAFKA, RecordPublisher, { token: CONSUMER_OBSERVER, optional: true }],
      useFactory: (kafka: Kafka, publisher: RecordPublisher, observer?: ConsumerObserver) =>
        new KafkaBatchServer({
          kafka,
          publisher,
          logger: settings.logger,
          groupId: settings.groupId,
          partitionsConsumedConcurrently: settings.partitionsConcurrency,
          sessionTimeoutMs: settings.sessionTimeoutMs,
          fetchMaxWaitMs: settings.fetchMaxWaitMs,
          retry: { maxMs: settings.retryMaxDelayMs },
          observer,
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
