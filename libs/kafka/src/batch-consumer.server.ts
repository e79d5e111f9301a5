import { CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { DEAD_LETTER_HEADERS, deadLetterTopic, retriability } from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';
import { KafkaBatchContext } from './kafka-batch.context';
import { decodeBatch, type DecodedRecord, type RecordSchema } from './record-decoder';
import type { RecordPublisher } from './record-publisher';

/** What a handler declares beside its topic: `@EventPattern(TOPIC, { schema })`. */
export interface BatchHandlerExtras {
  schema: RecordSchema;
}

export interface KafkaBatchServerOptions {
  kafka: Kafka;
  groupId: string;
  /** Publishes dead letters. */
  publisher: RecordPublisher;
  logger: Logger;
  /** A new consumer group starts at the oldest record, so nothing posted before it started is skipped. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Longest a fetch waits for new records (kafkajs maxWaitTimeInMs). */
  fetchMaxWaitMs?: number;
  /** Backoff between attempts of a failed batch. */
  retry?: { initialMs?: number; maxMs?: number; attemptsForUnknownErrors?: number };
  /** Told of each batch, retry and dead letter: metrics hang here, so the transport knows nothing of them. */
  observer?: ConsumerObserver;
}

/** What the transport reports as it works; every callback is optional and must not throw. */
export interface ConsumerObserver {
  /** A batch was handled and its offsets resolved. */
  batchHandled?(event: { topic: string; partition: number; records: number; seconds: number }): void;
  /** A batch (or a single record of one) failed retriably and will be tried again. */
  retried?(event: { topic: string; partition: number; records: number; attempt: number }): void;
  /** A record was parked on the dead-letter topic. */
  deadLettered?(event: { topic: string; partition: number; reason: string }): void;
}

/**
 * Where the consumer is in its life: `starting` until it joined its group, `running`, `restarting` after a crash
 * it will recover from, `failed` when it crashed for good (the process should be restarted), `stopped` once closed.
 */
export type ConsumerState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface BatchServerStats {
  batches: number;
  records: number;
  deadLetters: number;
  retries: number;
}

class ConsumerStoppedError extends Error {}

/**
 * A Nest transport on kafkajs's eachBatch: a handler receives a whole partition batch of decoded records, so a batch
 * becomes one Redis pipeline or one produce call. Offsets are resolved only after the handler finished, records that
 * can never succeed go to the topic's dead-letter topic, and retriable failures are retried with backoff without
 * committing, so a poison record never stalls a partition and an outage never skips one.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private currentState: ConsumerState = 'starting';
  private readonly counters: BatchServerStats = { batches: 0, records: 0, deadLetters: 0, retries: 0 };

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  get stats(): Readonly<BatchServerStats> {
    return this.counters;
  }

  get state(): ConsumerState {
    return this.currentState;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(() => callback(), callback);
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.currentState = 'stopped';
    await consumer?.disconnect();
  }

  on(): never {
    throw new Error('KafkaBatchServer does not expose transport events');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchServer is not listening');
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30000,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 500,
      allowAutoTopicCreation: true,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts itself after a retriable crash; after any other the consumer is gone for good.
      this.currentState = payload.restart ? 'restarting' : 'failed';
      this.options.logger.error(
        { groupId: this.options.groupId, err: payload.error, restart: payload.restart },
        'consumer crashed',
      );
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.currentState = 'running';
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 2,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.options.logger.info({ topics, groupId: this.options.groupId }, 'consuming');
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler || batch.messages.length === 0) return;
    const started = process.hrtime.bigint();
    try {
      await this.handleRecords(payload, handler);
    } catch (error) {
      // A rebalance or shutdown mid-batch: leave the rest uncommitted for the partition's next owner.
      if (error instanceof ConsumerStoppedError) return;
      throw error;
    }
    payload.resolveOffset(batch.lastOffset());
    await payload.commitOffsetsIfNecessary();
    await payload.heartbeat();
    this.counters.batches += 1;
    this.counters.records += batch.messages.length;
    this.options.observer?.batchHandled?.({
      topic: batch.topic,
      partition: batch.partition,
      records: batch.messages.length,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }

  private async handleRecords(payload: EachBatchPayload, handler: MessageHandler): Promise<void> {
    const { schema } = handler.extras as BatchHandlerExtras;
    const { records, rejects } = decodeBatch(payload.batch.messages, schema);
    for (const reject of rejects) {
      await this.deadLetter(payload, reject.message, reject.reason, reject.detail);
    }
    if (records.length === 0) return;
    try {
      await this.attempt(payload, handler, records);
    } catch (error) {
      if (error instanceof ConsumerStoppedError) throw error;
      // The batch as a whole cannot succeed: find the records that cannot, one by one.
      await this.isolate(payload, handler, records);
    }
  }

  private async isolate(payload: EachBatchPayload, handler: MessageHandler, records: DecodedRecord[]): Promise<void> {
    for (const record of records) {
      try {
        await this.attempt(payload, handler, [record]);
      } catch (error) {
        if (error instanceof ConsumerStoppedError) throw error;
        await this.deadLetter(payload, record.message, 'handler-failed', describe(error));
      }
      payload.resolveOffset(record.message.offset);
    }
  }

  /** Runs the handler until it succeeds, fails permanently, or the consumer stops; retriable failures wait and retry. */
  private async attempt(payload: EachBatchPayload, handler: MessageHandler, records: DecodedRecord[]): Promise<void> {
    const retry = this.options.retry ?? {};
    const initialMs = retry.initialMs ?? 200;
    const maxMs = retry.maxMs ?? 30000;
    const unknownAttempts = retry.attemptsForUnknownErrors ?? 3;
    const { batch } = payload;
    const context = new KafkaBatchContext([batch.topic, batch.partition, records.map((record) => record.message)]);

    for (let attempt = 1; ; attempt += 1) {
      if (!payload.isRunning() || payload.isStale()) throw new ConsumerStoppedError();
      try {
        const result: unknown = await handler(
          records.map((record) => record.value),
          context,
        );
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        return;
      } catch (error) {
        const retriable = retriability(error);
        if (retriable === false || (retriable === undefined && attempt >= unknownAttempts)) throw error;
        const delay = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
        this.counters.retries += 1;
        this.options.observer?.retried?.({
          topic: batch.topic,
          partition: batch.partition,
          records: records.length,
          attempt,
        });
        this.options.logger.warn(
          {
            topic: batch.topic,
            partition: batch.partition,
            records: records.length,
            attempt,
            delayMs: delay,
            err: error,
          },
          'batch failed; retrying',
        );
        await this.pause(payload, delay);
      }
    }
  }

  /** Waits, heartbeating so the group does not evict this member during a long outage. */
  private async pause(payload: EachBatchPayload, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!payload.isRunning() || payload.isStale()) throw new ConsumerStoppedError();
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      await payload.heartbeat().catch(() => undefined);
    }
  }

  private async deadLetter(
    payload: EachBatchPayload,
    message: KafkaMessage,
    reason: string,
    detail: string,
  ): Promise<void> {
    const { topic, partition } = payload.batch;
    const record = {
      key: message.key?.toString() ?? '',
      value: message.value?.toString() ?? '',
      headers: {
        ...message.headers,
        [DEAD_LETTER_HEADERS.reason]: reason,
        [DEAD_LETTER_HEADERS.error]: detail.slice(0, 1000),
        [DEAD_LETTER_HEADERS.topic]: topic,
        [DEAD_LETTER_HEADERS.partition]: String(partition),
        [DEAD_LETTER_HEADERS.offset]: message.offset,
        [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
      },
    };
    // Parking the record is the only way past it, so a broker outage here is waited out, not skipped.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.publisher.publish(deadLetterTopic(topic), [record]);
        break;
      } catch (error) {
        this.options.logger.warn(
          { topic, partition, offset: message.offset, attempt, err: error },
          'dead-letter publish failed; retrying',
        );
        await this.pause(payload, Math.min(30000, 200 * 2 ** attempt));
      }
    }
    this.counters.deadLetters += 1;
    this.options.observer?.deadLettered?.({ topic, partition, reason });
    this.options.logger.error({ topic, partition, offset: message.offset, reason, detail }, 'record dead-lettered');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
