import { CompressionTypes, type IHeaders, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type PipelineError, RetriableError, TooLargeError } from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';

export interface OutgoingRecord {
  key: string;
  value: unknown;
  headers?: IHeaders;
}

export interface PublisherOptions {
  /** Exactly-once per partition on real Kafka; must be switched off, explicitly, on brokers that lack it. */
  idempotent: boolean;
  logger: Logger;
  /** How long one publish may keep retrying before it gives up (an HTTP caller is waiting). */
  maxRetryTimeMs?: number;
  /** Told of each acknowledged publish: metrics hang here. */
  observer?: PublisherObserver;
}

/** What the publisher reports; must not throw. */
export interface PublisherObserver {
  /** The broker acknowledged `records` records on `topic` after `seconds`. */
  published?(event: { topic: string; records: number; seconds: number }): void;
}

/** The broker cannot take records now: callers answer 503 or retry later, never acknowledge. */
export class BrokerUnavailableError extends RetriableError {}

/** A record the broker will never accept (too large): not worth retrying. */
export class RecordRejectedError extends TooLargeError {}

/** Publishes JSON records with acks from all in-sync replicas; resolves only once the broker has them. */
export class RecordPublisher {
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions,
  ) {
    const maxRetryTime = options.maxRetryTimeMs ?? 5000;
    this.producer = kafka.producer({
      idempotent: options.idempotent,
      maxInFlightRequests: options.idempotent ? 5 : undefined,
      allowAutoTopicCreation: true,
      // Murmur2 keyed partitioning, as the Java client: a story's records land on the same partition from any client.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime },
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connecting = null;
    });
    if (!options.idempotent) {
      options.logger.warn('idempotent producer disabled by configuration: a retried send may write a record twice');
    }
  }

  /** Writes the records to one topic in one produce call. */
  async publish(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.connect();
    const started = process.hrtime.bigint();
    try {
      await this.producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: records.map((record) => ({
          key: record.key,
          value: typeof record.value === 'string' ? record.value : JSON.stringify(record.value),
          headers: record.headers,
        })),
      });
    } catch (error) {
      throw classify(error, topic);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.observer?.published?.({ topic, records: records.length, seconds });
  }

  async disconnect(): Promise<void> {
    this.connecting = null;
    await this.producer.disconnect();
  }

  private async connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = null;
      throw new BrokerUnavailableError('cannot connect to the Kafka brokers', { cause: error });
    });
    await this.connecting;
  }
}

function classify(error: unknown, topic: string): PipelineError {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') {
    return new RecordRejectedError(`the broker rejected records for ${topic} as too large`, { cause: error });
  }
  return new BrokerUnavailableError(`the Kafka brokers did not acknowledge records for ${topic}`, { cause: error });
}
