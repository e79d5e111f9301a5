import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { z } from 'zod';
import { DEAD_LETTER_HEADERS, RetriableError } from '@cleanwire/contracts';
import { createLogger } from '@cleanwire/logging';
import { type ConsumerObserver, KafkaBatchServer } from './batch-consumer.server';
import {
  type OutgoingRecord,
  type RecordPublisher,
  RecordRejectedError,
  RecordTooLargeError,
} from './record-publisher';

type Listener = (event: { payload: unknown }) => void;
type RunOptions = { eachBatch: (payload: EachBatchPayload) => Promise<void> };

/** A kafkajs consumer that does what the test tells it: connect or fail, and emit crashes. */
class FakeConsumer {
  readonly events = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' };
  readonly runs: RunOptions[] = [];
  disconnected = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(private readonly connectError?: Error) {}

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }
  async connect(): Promise<void> {
    if (this.connectError) throw this.connectError;
  }
  async subscribe(): Promise<void> {}
  async run(options: RunOptions): Promise<void> {
    this.runs.push(options);
    this.emit(this.events.GROUP_JOIN, {});
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
  crash(error: unknown, restart: boolean): void {
    this.emit(this.events.CRASH, { error, restart, groupId: 'g' });
  }
}

const TOPIC = 'dispatches';
const logger = createLogger('test', 'silent');

/** A server with a handler on TOPIC; the consumers it creates connect, or fail, in the order the test lists. */
function serverWith(options: {
  connectErrors?: Array<Error | undefined>;
  handler?: (records: unknown[]) => Promise<void>;
  publish?: (topic: string, records: readonly OutgoingRecord[]) => Promise<void>;
  observer?: ConsumerObserver;
}) {
  const consumers: FakeConsumer[] = [];
  const connectErrors = [...(options.connectErrors ?? [])];
  const kafka = {
    consumer: () => {
      const consumer = new FakeConsumer(connectErrors.shift());
      consumers.push(consumer);
      return consumer;
    },
  } as unknown as Kafka;
  const publisher = { publish: options.publish ?? (() => Promise.resolve()) } as unknown as RecordPublisher;
  const server = new KafkaBatchServer({
    kafka,
    groupId: 'g',
    publisher,
    logger,
    retry: { initialMs: 5, maxMs: 10 },
    restart: { initialMs: 1, maxMs: 5 },
    observer: options.observer,
  });
  const handler = Object.assign(options.handler ?? (() => Promise.resolve()), {});
  server.addHandler(TOPIC, handler as never, true, { schema: z.object({ n: z.number() }) });
  return { server, consumers };
}

async function listen(server: KafkaBatchServer): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    server.listen((error) =>
      error === undefined ? resolve() : reject(error instanceof Error ? error : new Error('listen failed')),
    ),
  );
}

const message = (offset: number, value: string | Buffer): KafkaMessage => ({
  key: Buffer.from('k'),
  value: Buffer.isBuffer(value) ? value : Buffer.from(value),
  offset: String(offset),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

/** One batch as kafkajs hands it over, recording what the transport resolved. */
function batchOf(messages: KafkaMessage[], heartbeat: () => Promise<void> = () => Promise.resolve()) {
  const resolved: string[] = [];
  const payload = {
    batch: { topic: TOPIC, partition: 0, messages, lastOffset: () => messages[messages.length - 1]!.offset },
    resolveOffset: (offset: string) => resolved.push(offset),
    heartbeat,
    commitOffsetsIfNecessary: () => Promise.resolve(),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { payload, resolved };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('KafkaBatchServer', () => {
  it('re-creates a consumer kafkajs gave up on, until the broker answers again', async () => {
    const brokerDown = new Error('Connection timeout');
    const { server, consumers } = serverWith({ connectErrors: [undefined, brokerDown, brokerDown] });
    await listen(server);
    expect(server.state).toBe('running');
    consumers[0]!.crash(new Error('Broker not connected'), false);
    expect(server.state).toBe('restarting');
    await until(() => server.state === 'running');
    // Two attempts found the broker still down; the third consumer runs.
    expect(consumers).toHaveLength(4);
    expect(consumers[3]!.runs).toHaveLength(1);
    // kafkajs disconnected the crashed one itself; the transport closes each that could not connect.
    expect(consumers.slice(1, 3).every((consumer) => consumer.disconnected)).toBe(true);
    expect(server.stats.restarts).toBe(1);
    await server.close();
    expect(server.state).toBe('stopped');
  });

  it('leaves a crash kafkajs restarts from to kafkajs, and fails for good on a configuration the broker refuses', async () => {
    const { server, consumers } = serverWith({});
    await listen(server);
    consumers[0]!.crash(new Error('Request Fetch timed out'), true);
    expect(server.state).toBe('restarting');
    consumers[0]!.emit(consumers[0]!.events.GROUP_JOIN, {});
    expect(server.state).toBe('running');
    consumers[0]!.crash(
      Object.assign(new Error('invalid session timeout'), { type: 'INVALID_SESSION_TIMEOUT' }),
      false,
    );
    expect(server.state).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(consumers).toHaveLength(1);
  });

  it('ends a retry pause when the group rebalances, leaving the batch uncommitted for its next owner', async () => {
    const rebalance = Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    const { server, consumers } = serverWith({
      handler: () => Promise.reject(new RetriableError('Redis is loading')),
    });
    await listen(server);
    const { payload, resolved } = batchOf([message(7, '{"n":1}')], () => Promise.reject(rebalance));
    await expect(consumers[0]!.runs[0]!.eachBatch(payload)).rejects.toBe(rebalance);
    expect(resolved).toEqual([]);
    expect(server.stats.retries).toBe(1);
  });

  it('parks a record too large for the dead-letter topic truncated, with its size in a header', async () => {
    const parked: OutgoingRecord[] = [];
    const { server, consumers } = serverWith({
      publish: async (_topic, records) => {
        const [record] = records;
        if ((record!.value as Buffer).length > 100_000) throw new RecordTooLargeError('too large');
        parked.push(record!);
      },
    });
    await listen(server);
    const { payload, resolved } = batchOf([message(3, Buffer.alloc(200_000, 0x7b))]);
    await consumers[0]!.runs[0]!.eachBatch(payload);
    expect(parked).toHaveLength(1);
    expect((parked[0]!.value as Buffer).length).toBe(64 * 1024);
    expect(parked[0]!.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.truncated]: '200000',
      [DEAD_LETTER_HEADERS.reason]: 'invalid-json',
      [DEAD_LETTER_HEADERS.offset]: '3',
    });
    expect(resolved).toEqual(['3']);
  });

  it('skips a record the dead-letter topic refuses for good, loudly, so the partition keeps flowing', async () => {
    const failed: string[] = [];
    const { server, consumers } = serverWith({
      publish: () => Promise.reject(new RecordRejectedError('INVALID_RECORD')),
      observer: { deadLetterFailed: ({ reason }) => failed.push(reason) },
    });
    await listen(server);
    const { payload, resolved } = batchOf([message(1, 'not json'), message(2, '{"n":2}')]);
    await consumers[0]!.runs[0]!.eachBatch(payload);
    expect(failed).toEqual(['invalid-json']);
    expect(resolved).toEqual(['2']);
    expect(server.stats).toMatchObject({ deadLetters: 0, records: 2 });
  });
});
