import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { KafkaEnv } from '@cleanwire/config';
import type { Logger } from '@cleanwire/logging';
import { createKafka } from './kafka-client';
import { type PublisherObserver, type RecordCompression, RecordPublisher } from './record-publisher';

/** The injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** The injection token of the service's PublisherObserver (its metrics), when it has one. */
export const PUBLISHER_OBSERVER = Symbol('PUBLISHER_OBSERVER');

/** Incidents the broker client reported, for health and metrics. */
export class KafkaIncidents {
  /** Consumer offsets reset because the broker no longer held them: each is data loss on real Kafka. */
  offsetResets = 0;
}

export interface KafkaModuleOptions {
  brokers: string[];
  clientId: string;
  idempotentProducer: boolean;
  logger: Logger;
  /** The longest one publish may take before it reports the broker unavailable (an HTTP caller waits on it). */
  publishTimeoutMs?: number;
  /** Bytes of records per produce call (before compression); larger publishes are split. */
  maxBatchBytes?: number;
  compression?: RecordCompression;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

/** The module options a service's validated KAFKA_* settings give. */
export function kafkaModuleOptions(
  env: KafkaEnv,
  options: { clientId: string; logger: Logger; publishTimeoutMs?: number },
): KafkaModuleOptions {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: `${env.KAFKA_CLIENT_ID}-${options.clientId}`,
    idempotentProducer: env.KAFKA_IDEMPOTENT_PRODUCER,
    logger: options.logger,
    publishTimeoutMs: options.publishTimeoutMs,
    maxBatchBytes: env.KAFKA_MAX_BATCH_BYTES,
    compression: env.KAFKA_COMPRESSION,
    requestTimeoutMs: env.KAFKA_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: env.KAFKA_CONNECTION_TIMEOUT_MS,
  };
}

/** Provides the kafkajs client and the record publisher, and disconnects the publisher on shutdown. */
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(RecordPublisher) private readonly publisher: RecordPublisher) {}

  static forRoot(options: KafkaModuleOptions): DynamicModule {
    const incidents = new KafkaIncidents();
    const kafka: Kafka = createKafka({
      brokers: options.brokers,
      clientId: options.clientId,
      logger: options.logger,
      maxRetryTimeMs: options.publishTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs,
      connectionTimeoutMs: options.connectionTimeoutMs,
      onOffsetReset: () => {
        incidents.offsetResets += 1;
      },
    });
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA, useValue: kafka },
        {
          provide: RecordPublisher,
          inject: [{ token: PUBLISHER_OBSERVER, optional: true }],
          useFactory: (observer?: PublisherObserver) =>
            new RecordPublisher(kafka, {
              idempotent: options.idempotentProducer,
              logger: options.logger,
              publishTimeoutMs: options.publishTimeoutMs,
              maxBatchBytes: options.maxBatchBytes,
              compression: options.compression,
              observer,
            }),
        },
        { provide: KafkaIncidents, useValue: incidents },
      ],
      exports: [KAFKA, RecordPublisher, KafkaIncidents],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
