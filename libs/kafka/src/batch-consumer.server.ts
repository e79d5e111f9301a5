import { CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Consumer, ConsumerCrashEvent, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { DEAD_LETTER_HEADERS, deadLetterTopic, retriability } from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';
import { isConfigurationError, isRebalance } from './broker-errors';
import { KafkaBatchContext } from './kafka-batch.context';
import { decodeBatch, type DecodedRecord, type RecordSchema } from './record-decoder';
import { type RecordPublisher, RecordTooLargeError } from './record-publisher';

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
  /**
   * How long the broker waits for a silent member before giving its partitions to others; a restarted worker waits
   * that long for the partitions its dead predecessor held. Heartbeats go out every third of it.
   */
  sessionTimeoutMs?: number;
  /** Longest a fetch waits for new records (kafkajs maxWaitTimeInMs). */
  fetchMaxWaitMs?: number;
  /** Backoff between attempts of a failed batch. */
  retry?: { initialMs?: number; maxMs?: number; attemptsForUnknownErrors?: number };
  /** Backoff between attempts to restart a consumer that kafkajs gave up on. */
  restart?: { initialMs?: number; maxMs?: number };
  /** Told of each batch, retry and dead letter: metrics hang here, so the transport knows nothing of them. */
  observer?: ConsumerObserver;
}

/** What the transport reports as it works; every callback is optional and must not throw. */
export interface ConsumerObserver {
  /** A batch was handled and its offsets resolved. */
  batchHandled?(event: { topic: string; partition: number; records: number; seconds: number }): void;
  /** A batch (or a single record of one) failed retriably and will be tried again. */
  retried?(event: { topic: string; partition: number; records: number; attempt: number }): void;
  /** A record was parked on the dead-letter topic (`truncated` when only its first bytes fit). */
  deadLettered?(event: { topic: string; partition: number; reason: string; truncated?: boolean }): void;
  /** A record could not be parked at all (the dead-letter topic refused it for good) and was skipped. */
  deadLetterFailed?(event: { topic: string; partition: number; reason: string }): void;
  /** The consumer crashed; `restart` says whether it is being restarted. */
  crashed?(event: { groupId: string; restart: boolean }): void;
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
  /** Consumers re-created after kafkajs gave up on one. */
  restarts: number;
}

/** The batch in hand is no longer this member's to finish (shutdown, rebalance): leave it uncommitted. */
class ConsumerStoppedError extends Error {
  constructor(readonly rebalance?: Error) {
    super('the consumer stopped or the group rebalanced');
  }
}

// A dead letter is parked whole when it fits; otherwise its first bytes, and the original is found by its offset.
const TRUNCATED_DEAD_LETTER_BYTES = 64 * 1024;

/**
 * A Nest transport on kafkajs's eachBatch: a handler receives a whole partition batch of decoded records, so a batch
 * becomes one Redis pipeline or one produce call. Offsets are resolved only after the handler finished, records that
 * can never succeed go to the topic's dead-letter topic, and retriable failures are retried with backoff without
 * committing, so a poison record never stalls a partition and an outage never skips one. A consumer that kafkajs gives
 * up on (a broker frozen past every timeout) is re-created until the broker answers again.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private currentState: ConsumerState = 'starting';
  private closing = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAttempt = 0;
  private readonly counters: BatchServerStats = { batches: 0, records: 0, deadLetters: 0, retries: 0, restarts: 0 };

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
    this.startConsumer().then(
      () => {
        const topics = [...this.messageHandlers.keys()];
        this.options.logger.info({ topics, groupId: this.options.groupId }, 'consuming');
        callback();
      },
      (error: unknown) => {
        this.currentState = 'failed';
        callback(error);
      },
    );
  }

  /** Stops fetching, lets the batch in hand finish or abandons it uncommitted, and leaves the group. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.restartTimer);
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

  private async startConsumer(): Promise<void> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout,
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 3)),
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 500,
      allowAutoTopicCreation: true,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }: ConsumerCrashEvent) => this.crashed(consumer, payload));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (consumer !== this.consumer) return;
      this.currentState = 'running';
      this.restartAttempt = 0;
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...this.messageHandlers.keys()],
        fromBeginning: this.options.fromBeginning ?? true,
      });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 2,
        eachBatch: (payload) => this.consumeBatch(payload),
      });
    } catch (error) {
      if (consumer === this.consumer) this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private crashed(consumer: Consumer, { error, restart }: ConsumerCrashEvent['payload']): void {
    if (consumer !== this.consumer || this.closing) return;
    this.options.logger.error({ groupId: this.options.groupId, err: error, restart }, 'consumer crashed');
    this.options.observer?.crashed?.({ groupId: this.options.groupId, restart });
    // kafkajs restarts itself after a crash it deems retriable; after any other, the consumer is gone.
    this.currentState = 'restarting';
    if (restart) return;
    this.consumer = null;
    this.scheduleRestart(error);
  }

  private scheduleRestart(error: unknown): void {
    if (this.closing) return;
    if (isConfigurationError(error)) {
      this.currentState = 'failed';
      this.options.logger.fatal(
        { groupId: this.options.groupId, err: error },
        'consumer failed: the broker refuses its configuration; fix it and restart the service',
      );
      return;
    }
    this.currentState = 'restarting';
    const { initialMs = 500, maxMs = 5_000 } = this.options.restart ?? {};
    const delayMs = Math.min(maxMs, initialMs * 2 ** Math.min(this.restartAttempt, 20));
    this.restartAttempt += 1;
    this.restartTimer = setTimeout(() => {
      this.startConsumer().then(
        () => {
          this.counters.restarts += 1;
          this.options.logger.warn(
            { groupId: this.options.groupId, attempt: this.restartAttempt },
            'consumer restarted',
          );
        },
        (startError: unknown) => {
          this.options.logger.warn(
            { groupId: this.options.groupId, attempt: this.restartAttempt, err: startError },
            'consumer restart failed; trying again',
          );
          this.scheduleRestart(startError);
        },
      );
    }, delayMs);
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const handler = this.getHandlerByPattern(batch.topic);
    if (!handler || batch.messages.length === 0) return;
    const started = process.hrtime.bigint();
    try {
      await this.handleRecords(payload, handler);
    } catch (error) {
      // A shutdown mid-batch leaves the rest uncommitted for the partition's next owner; a rebalance goes back to
      // kafkajs, which rejoins the group at once.
      if (error instanceof ConsumerStoppedError) {
        if (error.rebalance !== undefined) throw error.rebalance;
        return;
      }
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
      this.assertStillOwned(payload);
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

  private assertStillOwned(payload: EachBatchPayload): void {
    if (this.closing || !payload.isRunning() || payload.isStale()) throw new ConsumerStoppedError();
  }

  /**
   * Waits, heartbeating so the group does not evict this member during a long outage. A heartbeat that learns of a
   * rebalance ends the wait: the partition may be someone else's by now.
   */
  private async pause(payload: EachBatchPayload, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      this.assertStillOwned(payload);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
      try {
        await payload.heartbeat();
      } catch (error) {
        if (isRebalance(error)) throw new ConsumerStoppedError(error as Error);
        // The broker itself may be what the retry waits out.
      }
    }
  }

  /**
   * Parks a record that can never succeed on the topic's dead-letter topic. A broker outage is waited out (parking is
   * the only way past the record); a record too large for the dead-letter topic is parked truncated; one the
   * dead-letter topic refuses for good is skipped, loudly, so the partition keeps flowing.
   */
  private async deadLetter(
    payload: EachBatchPayload,
    message: KafkaMessage,
    reason: string,
    detail: string,
  ): Promise<void> {
    const { topic, partition } = payload.batch;
    const value = message.value ?? Buffer.alloc(0);
    const headers: IHeaders = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.error]: detail.slice(0, 1000),
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: String(partition),
      [DEAD_LETTER_HEADERS.offset]: message.offset,
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
    };
    let record = { key: message.key?.toString() ?? '', value, headers };
    let truncated = false;
    const where = { topic, partition, offset: message.offset, reason };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.publisher.publish(deadLetterTopic(topic), [record]);
        break;
      } catch (error) {
        if (error instanceof RecordTooLargeError && !truncated) {
          truncated = true;
          record = {
            key: record.key.slice(0, 1024),
            value: value.subarray(0, TRUNCATED_DEAD_LETTER_BYTES),
            headers: { ...ownHeaders(headers), [DEAD_LETTER_HEADERS.truncated]: String(value.length) },
          };
          continue;
        }
        if (retriability(error) !== true) {
          this.options.observer?.deadLetterFailed?.({ topic, partition, reason });
          this.options.logger.error(
            { ...where, err: error, detail },
            'record skipped: the dead-letter topic refused it; it stays only on its original topic',
          );
          return;
        }
        this.options.logger.warn({ ...where, attempt, err: error }, 'dead-letter publish failed; retrying');
        await this.pause(payload, Math.min(30000, 200 * 2 ** attempt));
      }
    }
    this.counters.deadLetters += 1;
    this.options.observer?.deadLettered?.({ topic, partition, reason, truncated });
    this.options.logger.error({ ...where, detail, truncated }, 'record dead-lettered');
  }
}

/** The dead-letter headers alone, without the original record's (which may be what made it too large). */
function ownHeaders(headers: IHeaders): IHeaders {
  const own = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => own.has(name)));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
