// Checks the container harness itself against the clients the services use: what every other
// integration and e2e suite relies on (connect, survive a Redis restart, consumer-group offsets).
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { startKafka, startRedis } from '../harness';
import type { RunningKafka, RunningRedis } from '../harness';

describe('test harness: Redis', () => {
  let server: RunningRedis;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 20 });
    redis.on('error', () => undefined); // connection refused while restarting: ioredis retries
    await redis.connect();
  }, 30_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('serves a URL on 127.0.0.1', () => {
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
  });

  it('stores and returns a value', async () => {
    await redis.set('story:1', 'headline');
    expect(await redis.get('story:1')).toBe('headline');
  });

  it('comes back after restart(), empty, and the client reconnects', async () => {
    await redis.set('story:2', 'before restart');
    await server.restart();

    expect(await redis.get('story:2')).toBeNull(); // nothing is persisted
    await redis.set('story:2', 'after restart');
    expect(await redis.get('story:2')).toBe('after restart');
  }, 20_000);
});

describe('test harness: Kafka', () => {
  const topic = `harness-check-${Date.now()}`;
  const groupId = `${topic}-group`;
  let broker: RunningKafka;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startKafka();
    kafka = new Kafka({ clientId: 'harness-check', brokers: broker.brokers, logLevel: logLevel.ERROR });
  }, 30_000);

  afterAll(async () => {
    await broker?.stop();
  });

  async function produce(values: string[]): Promise<void> {
    // acks -1 as in production; idempotence off because the mock cluster has no controller for it.
    const producer = kafka.producer({ idempotent: false, allowAutoTopicCreation: true });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: values.map((value, i) => ({ key: `feed-${i % 5}`, value })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  /**
   * Runs a group member with eachBatch until `count` messages arrived, waits a moment for anything
   * extra, then leaves. The mock cluster ignores LeaveGroup and holds the next join for the old
   * member's session timeout less a second, so sessions are short (6 s, real Kafka's minimum).
   */
  async function consume(count: number): Promise<KafkaMessage[]> {
    const consumer: Consumer = kafka.consumer({
      groupId,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 250,
    });
    const received: KafkaMessage[] = [];
    const partitionsByKey = new Map<string, Set<number>>();
    let deadline: NodeJS.Timeout | undefined;
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        deadline = setTimeout(() => reject(new Error(`received ${received.length} of ${count} messages`)), 20_000);
        consumer
          .run({
            autoCommit: true,
            eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload) => {
              for (const message of batch.messages) {
                received.push(message);
                const key = message.key?.toString() ?? '';
                partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(batch.partition));
                resolveOffset(message.offset);
              }
              await commitOffsetsIfNecessary();
              await heartbeat();
              if (received.length >= count) resolve();
            },
          })
          .catch(reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      clearTimeout(deadline);
      await consumer.disconnect();
    }
    for (const partitions of partitionsByKey.values()) expect(partitions.size).toBe(1); // one key, one partition
    return received;
  }

  it('auto-creates a topic with 4 partitions on first produce', async () => {
    await produce(Array.from({ length: 20 }, (_, i) => `first-${i}`));

    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]?.partitions).toHaveLength(4);
  }, 20_000);

  it('delivers all messages to a consumer group with eachBatch', async () => {
    const received = await consume(20);

    expect(received.map((m) => m.value?.toString()).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `first-${i}`).sort(),
    );
  }, 30_000);

  it('resumes the group from its committed offsets after a restart', async () => {
    await produce(['second-0', 'second-1', 'second-2']);

    const received = await consume(3);

    expect(received.map((m) => m.value?.toString()).sort()).toEqual(['second-0', 'second-1', 'second-2']);
  }, 30_000);
});
