import type { Admin, Kafka } from 'kafkajs';
import type { HealthCheck } from '@cleanwire/http';
import type { KafkaBatchServer } from './batch-consumer.server';

/**
 * A worker's consumer: not live once it crashed for good (only a restart of the process helps), ready only while it
 * runs in its group.
 */
export function consumerHealthChecks(server: Pick<KafkaBatchServer, 'state'>): HealthCheck[] {
  return [
    {
      name: 'consumer',
      scope: 'live',
      check() {
        if (server.state === 'failed') throw new Error('the consumer crashed and will not restart');
      },
    },
    {
      name: 'consumer-running',
      scope: 'ready',
      check() {
        if (server.state !== 'running') throw new Error(`the consumer is ${server.state}`);
      },
    },
  ];
}

/** The brokers answer a metadata request, on one admin connection kept for the purpose. */
export function brokerHealthCheck(kafka: Kafka): HealthCheck {
  let admin: Admin | undefined;
  let connecting: Promise<void> | undefined;
  return {
    name: 'kafka',
    scope: 'ready',
    async check() {
      admin ??= kafka.admin({ retry: { retries: 0 } });
      const client = admin;
      connecting ??= client.connect().catch((error: unknown) => {
        connecting = undefined;
        throw error;
      });
      await connecting;
      const cluster = await client.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('the cluster lists no broker');
    },
  };
}
