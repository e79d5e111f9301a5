import {
  CompressionCodecs,
  CompressionTypes,
  type IHeaders,
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
} from 'kafkajs';
import { PermanentError, type PipelineError, RetriableError, TooLargeError } from '@cleanwire/contracts';
import type { Logger } from '@cleanwire/logging';
import { brokerErrorTypes } from './broker-errors';
import { registerLz4Codec } from './lz4-codec';

export interface OutgoingRecord {
  key: string;
  /** A Buffer or string is sent as it is; anything else as JSON. */
  value: unknown;
  headers?: IHeaders;
}

/**
 * How produce calls are compressed. LZ4 costs the least CPU per record (less than none: kafkajs's CRC and the socket
 * see a third of the bytes); gzip is built into kafkajs and every Kafka client reads it.
 */
export type RecordCompression = 'lz4' | 'gzip' | 'none';

const COMPRESSION_TYPES: Record<RecordCompression, CompressionTypes> = {
  lz4: CompressionTypes.LZ4,
  gzip: CompressionTypes.GZIP,
  none: CompressionTypes.None,
};

/** A kafkajs compression codec: what it writes for a record batch's bytes. */
interface Codec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
}

export interface PublisherOptions {
  /** Exactly-once per partition on real Kafka; must be switched off, explicitly, on brokers that lack it. */
  idempotent: boolean;
  logger: Logger;
  /**
   * The longest one publish may take, connecting included; past it the publish fails as BrokerUnavailableError
   * (an HTTP caller is waiting). Records already sent may still reach the broker after that.
   */
  publishTimeoutMs?: number;
  /**
   * Bytes of records (keys, values and headers, before compression) one produce call carries at most; a larger
   * publish is split into several calls, so no request exceeds a broker's max.message.bytes (1 MiB by default). A
   * single record larger than this is sent alone when it compresses below it, and refused as too large when not.
   */
  maxBatchBytes?: number;
  compression?: RecordCompression;
  /** Told of each acknowledged publish: metrics hang here. */
  observer?: PublisherObserver;
}

/** What the publisher reports; must not throw. */
export interface PublisherObserver {
  /** The broker acknowledged `records` records on `topic` after `seconds`. */
  published?(event: { topic: string; records: number; seconds: number }): void;
}

/** Default bytes per produce call: under a broker's default max.message.bytes (1048588) with room for framing. */
export const DEFAULT_MAX_BATCH_BYTES = 1_000_000;

/** The broker cannot take records now: callers answer 503 or retry later, never acknowledge. */
export class BrokerUnavailableError extends RetriableError {}

/** A record the broker will never accept because of its size: not worth retrying. */
export class RecordTooLargeError extends TooLargeError {}

/** Records the broker refuses as they are (invalid, bad timestamp, policy): not worth retrying. */
export class RecordRejectedError extends PermanentError {}

// kafkajs error types that refuse the records themselves; any other refusal is about the broker or this client's
// rights, which an operator fixes while the records wait.
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
const REJECTED = new Set([
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'INVALID_TOPIC_EXCEPTION',
  'POLICY_VIOLATION',
]);

interface SizedMessage extends Message {
  bytes: number;
}

/**
 * Publishes records with acks from all in-sync replicas, resolving only once the broker has them. A publish is split
 * into produce calls of at most `maxBatchBytes`, each compressed, and the whole publish is bounded by
 * `publishTimeoutMs`.
 */
export class RecordPublisher {
  private producer: Producer;
  private connecting: Promise<void> | null = null;
  /** Whether the current producer finished connecting. */
  private connected = false;
  private readonly maxBatchBytes: number;
  private readonly compression: CompressionTypes;
  private unsettled = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: PublisherOptions,
  ) {
    this.maxBatchBytes = options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES;
    this.compression = COMPRESSION_TYPES[options.compression ?? 'lz4'];
    if (this.compression === CompressionTypes.LZ4) registerLz4Codec();
    this.producer = this.createProducer();
    if (!options.idempotent) {
      options.logger.warn('idempotent producer disabled by configuration: a retried send may write a record twice');
    }
  }

  /** Bytes of publishes the broker has not answered yet, those past their deadline included. */
  get unsettledBytes(): number {
    return this.unsettled;
  }

  /** Writes the records to one topic, in produce calls of at most `maxBatchBytes`, in order. */
  async publish(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const started = process.hrtime.bigint();
    const messages = records.map(sizedMessage);
    for (const message of messages) {
      if (message.bytes > this.maxBatchBytes) await this.assertFits(topic, message);
    }
    const bytes = messages.reduce((sum, message) => sum + message.bytes, 0);
    const timeoutMs = this.options.publishTimeoutMs;
    let expired = false;
    this.unsettled += bytes;
    const sending = this.send(topic, messages, () => expired).finally(() => {
      this.unsettled -= bytes;
    });
    if (timeoutMs === undefined) {
      await sending;
      this.observePublished(topic, records.length, started);
      return;
    }
    // What was sent before the deadline may still be written; the caller retries with the same keys.
    sending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        expired = true;
        // A connect that never ends (a broker frozen mid-handshake) must not hold up the publishes after this one; a
        // connected producer that is only slow keeps its other publishes.
        if (!this.connected) this.discardProducer();
        reject(
          new BrokerUnavailableError(
            `the Kafka brokers did not acknowledge records for ${topic} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
    });
    try {
      await Promise.race([sending, deadline]);
    } finally {
      clearTimeout(timer);
    }
    this.observePublished(topic, records.length, started);
  }

  private observePublished(topic: string, records: number, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.options.observer?.published?.({ topic, records, seconds });
  }

  async disconnect(): Promise<void> {
    this.connecting = null;
    this.connected = false;
    await this.producer.disconnect();
  }

  private async send(topic: string, messages: SizedMessage[], expired: () => boolean): Promise<void> {
    const producer = await this.connect();
    for (const batch of byteBatches(messages, this.maxBatchBytes)) {
      // Past the deadline the caller has its answer: the rest is not sent.
      if (expired()) return;
      try {
        await producer.send({
          topic,
          acks: -1,
          compression: this.compression,
          messages: batch.map(({ key, value, headers }) => ({ key, value, headers })),
        });
      } catch (error) {
        const classified = classifyProduceError(error, topic);
        if (classified instanceof BrokerUnavailableError && producer === this.producer) this.discardProducer();
        throw classified;
      }
    }
  }

  /** A record over the batch size is still accepted by a broker when it compresses below it (the limit is on the compressed batch). */
  private async assertFits(topic: string, message: SizedMessage): Promise<void> {
    const value = message.value ?? '';
    const compressed =
      this.compression === CompressionTypes.None
        ? message.bytes
        : (await compressedLength(this.compression, value)) + message.bytes - byteLength(value);
    if (compressed > this.maxBatchBytes) {
      throw new RecordTooLargeError(
        `a record for ${topic} is ${message.bytes} bytes (${compressed} compressed); the broker takes at most ${this.maxBatchBytes}`,
      );
    }
  }

  private async connect(): Promise<Producer> {
    const producer = this.producer;
    this.connecting ??= producer.connect().then(
      () => {
        if (producer === this.producer) this.connected = true;
      },
      (error: unknown) => {
        if (producer === this.producer) this.discardProducer();
        throw new BrokerUnavailableError('cannot connect to the Kafka brokers', { cause: error });
      },
    );
    await this.connecting;
    return producer;
  }

  private createProducer(): Producer {
    const producer = this.kafka.producer({
      idempotent: this.options.idempotent,
      maxInFlightRequests: this.options.idempotent ? 5 : undefined,
      allowAutoTopicCreation: true,
      // Murmur2 keyed partitioning, as the Java client: a story's records land on the same partition from any client.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: this.options.publishTimeoutMs ?? 5000 },
    });
    producer.on(producer.events.DISCONNECT, () => {
      if (producer !== this.producer) return;
      this.connecting = null;
      this.connected = false;
    });
    return producer;
  }

  /**
   * Starts over with a new producer after a failure that may have broken the old one's connections: kafkajs never
   * repairs a broker connection that timed out ("Broker not connected" on every later send), so publishes would fail
   * for good once the broker is back. The old producer is closed, ending its retries in the background.
   */
  private discardProducer(): void {
    const old = this.producer;
    this.producer = this.createProducer();
    this.connecting = null;
    this.connected = false;
    old.disconnect().catch(() => undefined);
  }
}

/** Maps a kafkajs produce failure to whether it is worth retrying: the records' fault, or the broker's for now. */
export function classifyProduceError(error: unknown, topic: string): PipelineError {
  const types = brokerErrorTypes(error);
  if (types.some((type) => TOO_LARGE.has(type))) {
    return new RecordTooLargeError(`the broker rejected records for ${topic} as too large`, { cause: error });
  }
  const rejected = types.find((type) => REJECTED.has(type));
  if (rejected !== undefined) {
    return new RecordRejectedError(`the broker rejected records for ${topic} (${rejected})`, { cause: error });
  }
  const refusal = types.length > 0 ? ` (${types.join(', ')})` : '';
  return new BrokerUnavailableError(`the Kafka brokers did not acknowledge records for ${topic}${refusal}`, {
    cause: error,
  });
}

function sizedMessage(record: OutgoingRecord): SizedMessage {
  const value =
    Buffer.isBuffer(record.value) || typeof record.value === 'string' ? record.value : JSON.stringify(record.value);
  let bytes = Buffer.byteLength(record.key) + byteLength(value);
  for (const [name, header] of Object.entries(record.headers ?? {})) {
    bytes += Buffer.byteLength(name) + (header === undefined ? 0 : byteLength(header));
  }
  return { key: record.key, value, headers: record.headers, bytes };
}

/** The bytes kafkajs's codec for `type` makes of `value`. */
async function compressedLength(type: CompressionTypes, value: Buffer | string): Promise<number> {
  const codec = (CompressionCodecs[type as keyof typeof CompressionCodecs] as () => Codec)();
  return (await codec.compress({ buffer: Buffer.isBuffer(value) ? value : Buffer.from(value) })).length;
}

function byteLength(value: Buffer | string | readonly (Buffer | string)[]): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, part) => sum + byteLength(part as Buffer | string), 0);
  return Buffer.isBuffer(value) ? value.length : Buffer.byteLength(value as string);
}

/** Consecutive runs of messages whose bytes add up to at most `maxBytes`; a larger message runs alone. */
export function* byteBatches<T extends { bytes: number }>(messages: readonly T[], maxBytes: number): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (batch.length > 0 && bytes + message.bytes > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += message.bytes;
  }
  if (batch.length > 0) yield batch;
}
