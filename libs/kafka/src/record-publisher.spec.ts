import { randomBytes } from 'node:crypto';
import { CompressionTypes, type Kafka, type ProducerRecord } from 'kafkajs';
import { retriability, TooLargeError } from '@cleanwire/contracts';
import { createLogger } from '@cleanwire/logging';
import {
  BrokerUnavailableError,
  byteBatches,
  classifyProduceError,
  type RecordCompression,
  RecordPublisher,
  RecordRejectedError,
  RecordTooLargeError,
} from './record-publisher';

/** A producer that records each produce call and answers as the test says. */
class FakeProducer {
  readonly events = { DISCONNECT: 'producer.disconnect' };
  readonly sent: ProducerRecord[] = [];
  answer: (record: ProducerRecord) => Promise<void> = () => Promise.resolve();
  connect = (): Promise<void> => Promise.resolve();
  disconnect = (): Promise<void> => Promise.resolve();
  on(): void {}
  async send(record: ProducerRecord): Promise<unknown[]> {
    this.sent.push(record);
    await this.answer(record);
    return [];
  }
}

const logger = createLogger('test', 'silent');

function publisherWith(options: {
  publishTimeoutMs?: number;
  maxBatchBytes?: number;
  compression?: RecordCompression;
}) {
  const producer = new FakeProducer();
  const kafka = { producer: () => producer } as unknown as Kafka;
  return { producer, publisher: new RecordPublisher(kafka, { idempotent: true, logger, ...options }) };
}

const article = (n: number, bytes: number) => ({ key: `story-${n}`, value: { n, body: 'x'.repeat(bytes) } });

describe('RecordPublisher', () => {
  it('splits a publish into LZ4-compressed produce calls of at most maxBatchBytes, in order', async () => {
    const { producer, publisher } = publisherWith({ maxBatchBytes: 10_000 });
    await publisher.publish(
      'articles',
      Array.from({ length: 25 }, (_, n) => article(n, 1_000)),
    );
    expect(producer.sent.length).toBeGreaterThan(2);
    for (const call of producer.sent) {
      expect(call.compression).toBe(CompressionTypes.LZ4);
      expect(call.acks).toBe(-1);
      const bytes = call.messages.reduce(
        (sum, m) => sum + Buffer.byteLength(m.key as string) + Buffer.byteLength(m.value as string),
        0,
      );
      expect(bytes).toBeLessThanOrEqual(10_000);
    }
    const keys = producer.sent.flatMap((call) => call.messages.map((m) => m.key));
    expect(keys).toEqual(Array.from({ length: 25 }, (_, n) => `story-${n}`));
  });

  it.each<RecordCompression>(['lz4', 'gzip'])(
    'sends a record over the batch size alone when it compresses below it with %s, and refuses one that does not',
    async (compression) => {
      const { producer, publisher } = publisherWith({ maxBatchBytes: 10_000, compression });
      await publisher.publish('articles', [article(1, 50_000)]);
      expect(producer.sent).toHaveLength(1);
      const noise = { key: 'noise', value: randomBytes(20_000) };
      const refused = publisher.publish('articles.dlq', [noise]);
      await expect(refused).rejects.toBeInstanceOf(RecordTooLargeError);
      await expect(refused).rejects.toBeInstanceOf(TooLargeError);
      expect(producer.sent).toHaveLength(1);
      expect(producer.sent[0]!.compression).toBe(compression === 'lz4' ? CompressionTypes.LZ4 : CompressionTypes.GZIP);
    },
  );

  it('fails a publish the broker does not answer within the timeout as retriable, and stops sending the rest', async () => {
    const { producer, publisher } = publisherWith({ publishTimeoutMs: 50, maxBatchBytes: 2_000 });
    let release: () => void = () => undefined;
    producer.answer = () => new Promise<void>((resolve) => (release = resolve));
    const started = Date.now();
    const publishing = publisher.publish(
      'articles',
      Array.from({ length: 5 }, (_, n) => article(n, 1_500)),
    );
    await expect(publishing).rejects.toBeInstanceOf(BrokerUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(publisher.unsettledBytes).toBeGreaterThan(0);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    // The frozen call settled; the calls after the deadline were never made.
    expect(producer.sent).toHaveLength(1);
    expect(publisher.unsettledBytes).toBe(0);
  });

  it('starts over with a new producer when connecting outlasts the deadline or a send finds the broker gone', async () => {
    const producers: FakeProducer[] = [];
    const kafka = {
      producer: () => {
        const producer = new FakeProducer();
        // The first never finishes connecting (a broker frozen mid-handshake).
        if (producers.length === 0) producer.connect = () => new Promise<void>(() => undefined);
        producers.push(producer);
        return producer;
      },
    } as unknown as Kafka;
    const publisher = new RecordPublisher(kafka, { idempotent: false, logger, publishTimeoutMs: 50 });
    await expect(publisher.publish('articles', [article(1, 10)])).rejects.toBeInstanceOf(BrokerUnavailableError);
    await publisher.publish('articles', [article(2, 10)]);
    expect(producers).toHaveLength(2);
    expect(producers[1]!.sent).toHaveLength(1);
    // A connected producer whose send fails for want of a broker ("Broker not connected") is replaced too.
    producers[1]!.answer = () => Promise.reject(new Error('Broker not connected'));
    await expect(publisher.publish('articles', [article(3, 10)])).rejects.toBeInstanceOf(BrokerUnavailableError);
    await publisher.publish('articles', [article(4, 10)]);
    expect(producers).toHaveLength(3);
    expect(producers[2]!.sent).toHaveLength(1);
  });

  it('keeps a connected producer that is only slow, so its other publishes go on', async () => {
    const producers: FakeProducer[] = [];
    const kafka = { producer: () => producers[producers.push(new FakeProducer()) - 1] } as unknown as Kafka;
    const publisher = new RecordPublisher(kafka, { idempotent: false, logger, publishTimeoutMs: 50 });
    await publisher.publish('articles', [article(0, 10)]);
    let release: () => void = () => undefined;
    producers[0]!.answer = () => new Promise<void>((resolve) => (release = resolve));
    await expect(publisher.publish('articles', [article(1, 10)])).rejects.toBeInstanceOf(BrokerUnavailableError);
    producers[0]!.answer = () => Promise.resolve();
    await publisher.publish('articles', [article(2, 10)]);
    release();
    expect(producers).toHaveLength(1);
    expect(producers[0]!.sent).toHaveLength(3);
  });

  it.each<[RecordCompression, CompressionTypes]>([
    ['gzip', CompressionTypes.GZIP],
    ['none', CompressionTypes.None],
  ])('sends %s when told to', async (compression, type) => {
    const { producer, publisher } = publisherWith({ compression });
    await publisher.publish('articles', [article(1, 10)]);
    expect(producer.sent[0]!.compression).toBe(type);
  });
});

describe('classifyProduceError', () => {
  const protocolError = (type: string, retriable: boolean) =>
    Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable });
  const gaveUp = (cause: Error) =>
    Object.assign(new Error(cause.message), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false, cause });

  it.each([
    ['a record too large', protocolError('MESSAGE_TOO_LARGE', false), RecordTooLargeError, false],
    ['a batch too large', protocolError('RECORD_LIST_TOO_LARGE', false), RecordTooLargeError, false],
    ['an invalid record', protocolError('INVALID_RECORD', false), RecordRejectedError, false],
    [
      'a leader moving, after every retry',
      gaveUp(protocolError('NOT_LEADER_FOR_PARTITION', true)),
      BrokerUnavailableError,
      true,
    ],
    [
      'a missing authorization, which an operator grants',
      protocolError('TOPIC_AUTHORIZATION_FAILED', false),
      BrokerUnavailableError,
      true,
    ],
    ['a lost connection', new Error('Broker not connected'), BrokerUnavailableError, true],
    [
      'one broker of several refusing the size',
      Object.assign(new Error('aggregate'), {
        name: 'KafkaJSAggregateError',
        errors: [new Error('timeout'), protocolError('MESSAGE_TOO_LARGE', false)],
      }),
      RecordTooLargeError,
      false,
    ],
  ])('reads %s by its kafkajs type', (_name, error, type, retriable) => {
    const classified = classifyProduceError(error, 'articles');
    expect(classified).toBeInstanceOf(type);
    expect(retriability(classified)).toBe(retriable);
  });
});

describe('byteBatches', () => {
  it('keeps every batch within the bytes unless a single message is larger', () => {
    const sizes = [4, 4, 4, 12, 1, 1, 9];
    const batches = [
      ...byteBatches(
        sizes.map((bytes) => ({ bytes })),
        10,
      ),
    ].map((batch) => batch.map((m) => m.bytes));
    expect(batches).toEqual([[4, 4], [4], [12], [1, 1], [9]]);
  });
});
