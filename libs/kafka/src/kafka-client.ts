import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '@cleanwire/logging';
import { registerLz4Codec } from './lz4-codec';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Called when a consumer's offset was reset because the broker no longer holds it: on real Kafka, data loss. */
  onOffsetReset?: (detail: { topic?: string; partition?: number; groupId?: string }) => void;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How long connecting may keep retrying; short for services where an HTTP caller waits on the answer. */
  maxRetryTimeMs?: number;
}

/** A kafkajs client whose log lines go to the service's pino logger; it reads and writes LZ4 batches too. */
export function createKafka(options: KafkaClientOptions): Kafka {
  registerLz4Codec();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 10000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: options.maxRetryTimeMs ?? 30000 },
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger, options.onOffsetReset),
  });
}

function pinoLogCreator(logger: Logger, onOffsetReset: KafkaClientOptions['onOffsetReset']): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _kafkajs, ...context } = log;
      if (message.includes('Offset out of range')) {
        // kafkajs only warns; losing the messages between the committed offset and the log start is an incident.
        const detail = context as { topic?: string; partition?: number; groupId?: string };
        logger.error(
          { ...detail, namespace },
          'consumer offset reset: messages were dropped by the broker before this group read them',
        );
        onOffsetReset?.(detail);
        return;
      }
      const line = { namespace, ...context };
      if (level === logLevel.ERROR) logger.error(line, message);
      else if (level === logLevel.WARN) logger.warn(line, message);
      else if (level === logLevel.INFO) logger.info(line, message);
      else logger.debug(line, message);
    };
}
