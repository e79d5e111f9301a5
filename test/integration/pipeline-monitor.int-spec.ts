import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS, REPLAYED_FROM_HEADER } from '@cleanwire/contracts';
import { createKafka, RecordPublisher } from '@cleanwire/kafka';
import { createLogger } from '@cleanwire/logging';
import { DeadLetterDesk, LazyAdmin, OffsetSampler, PartitionReader } from '@cleanwire/pipeline-monitor';
import { type RunningKafka, startKafka } from '../harness';
import { readTopic, testKafka } from './kafka-records';

const logger = createLogger('monitor', 'silent');

describe('the pipeline monitor against a real broker', () => {
  let kafka: RunningKafka;
  const topic = `monitored.${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    kafka = await startKafka();
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    // Three produce calls: three record batches on partition 0, plus a few records on partition 1.
    for (let batch = 0; batch < 3; batch++) {
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, n) => ({
          partition: 0,
          key: `k${n}`,
          value: JSON.stringify({ batch, n }),
          headers: { 'cleanwire-request-id': `req-${batch}` },
        })),
      });
    }
    await producer.send({ topic, messages: [0, 1, 2].map((n) => ({ partition: 1, key: `p1-${n}`, value: `${n}` })) });
    await producer.disconnect();
  }, 60_000);

  afterAll(async () => {
    await kafka?.stop();
  }, 30_000);

  const client = () => createKafka({ brokers: kafka.brokers, clientId: 'monitor-test', logger });

  it('reads a partition from any offset without a consumer group, across batch boundaries', async () => {
    const reader = new PartitionReader(client());
    try {
      const all = await reader.read(topic, 0, 0, 30);
      expect(all.map((record) => record.offset)).toEqual(Array.from({ length: 30 }, (_, n) => n));
      const middle = await reader.read(topic, 0, 5, 12);
      expect(middle.map((record) => [record.offset, record.key])).toEqual(
        [5, 6, 7, 8, 9, 10, 11].map((offset) => [offset, `k${offset % 10}`]),
      );
      expect(middle[5]!.headers).toEqual({ 'cleanwire-request-id': 'req-1' });
      const newest = await reader.readBackward(
        topic,
        0,
        { start: 0, end: 30 },
        { want: 2, budget: 30, match: (r) => r.key === 'k3' },
      );
      expect(newest.map((record) => record.offset)).toEqual([23, 13]);
      expect((await reader.recordAt(topic, 0, 29))?.value).toBe(JSON.stringify({ batch: 2, n: 9 }));
      expect(await reader.recordAt(topic, 0, 30)).toBeNull();
    } finally {
      await reader.disconnect();
    }
  });

  it("judges a group's partitions over a window: STOPPED, STALLED, then OK once it caught up", async () => {
    const group = `watched-${randomUUID().slice(0, 8)}`;
    // A paused member of the group that commits only what the test says (the mock broker has no admin setOffsets).
    const member = testKafka(kafka.brokers).consumer({ groupId: group });
    await member.connect();
    await member.subscribe({ topic });
    let joined: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (joined = resolve));
    member.on(member.events.GROUP_JOIN, () => joined());
    await member.run({ autoCommit: false, eachBatch: async () => undefined });
    member.pause([{ topic }]);
    await ready;
    const commit = (partitions: Array<{ partition: number; offset: string }>) =>
      member.commitOffsets(partitions.map((partition) => ({ topic, ...partition })));
    const kafkaClient = client();
    const reader = new PartitionReader(kafkaClient);
    const admin = new LazyAdmin(kafkaClient);
    const sampler = new OffsetSampler(
      admin,
      reader,
      {
        groups: [group],
        intervalMs: 60_000,
        windowSamples: 3,
        historyMs: 600_000,
        metricsUrls: [],
        freshnessMetric: 'x',
      },
      logger,
    );
    const statusOf = async () => {
      const snapshot = await sampler.tick();
      const watched = snapshot.groups.find((candidate) => candidate.group === group)!;
      return {
        status: watched.status,
        lag: watched.lag,
        partitions: watched.partitions.map((p) => [p.partition, p.status]),
      };
    };
    try {
      await commit([
        { partition: 0, offset: '5' },
        { partition: 1, offset: '1' },
      ]);
      await statusOf();
      await statusOf();
      expect(await statusOf()).toEqual({
        status: 'STOPPED',
        lag: 27,
        partitions: [
          [0, 'STOPPED'],
          [1, 'STOPPED'],
          [2, 'OK'],
          [3, 'OK'],
        ],
      });
      const snapshot = sampler.peek()!;
      const stuck = snapshot.groups[0]!.partitions.find((p) => p.partition === 0)!;
      // The oldest unread record (offset 5) was written when the suite started.
      expect(stuck.lagSeconds).toBeGreaterThan(0);

      await commit([{ partition: 1, offset: '2' }]);
      expect((await statusOf()).partitions[0]).toEqual([0, 'STALLED']);

      await commit([
        { partition: 0, offset: '30' },
        { partition: 1, offset: '3' },
      ]);
      expect(await statusOf()).toMatchObject({ status: 'OK', lag: 0 });
    } finally {
      sampler.stop();
      await Promise.all([reader.disconnect(), admin.disconnect()]);
      await member.disconnect();
    }
  });

  it('replays a dead letter onto its topic, and every desk (a restart, a replica) sees it replayed', async () => {
    const original = `articles.${randomUUID().slice(0, 8)}`;
    const dlq = `${original}.dlq`;
    const producer = testKafka(kafka.brokers).producer();
    await producer.connect();
    await producer.send({
      topic: dlq,
      messages: [
        {
          key: 'story-1',
          value: '{"id":"story-1"}',
          headers: {
            [DEAD_LETTER_HEADERS.reason]: 'schema-violation',
            [DEAD_LETTER_HEADERS.error]: 'body: required',
            [DEAD_LETTER_HEADERS.topic]: original,
            [DEAD_LETTER_HEADERS.partition]: '2',
            [DEAD_LETTER_HEADERS.offset]: '41',
            [DEAD_LETTER_HEADERS.failedAt]: '2026-01-01T00:00:00.000Z',
            'cleanwire-request-id': 'req-dlq',
          },
        },
      ],
    });
    await producer.disconnect();

    const desk = () => {
      const kafkaClient = client();
      const publisher = new RecordPublisher(kafkaClient, { idempotent: false, logger });
      return {
        desk: new DeadLetterDesk(new LazyAdmin(kafkaClient), new PartitionReader(kafkaClient), publisher, logger, {
          scanLimit: 1000,
        }),
        publisher,
      };
    };
    const first = desk();
    const [letter] = await first.desk.list({ topic: original });
    expect(letter).toMatchObject({
      reason: 'schema-violation',
      originalTopic: original,
      originalPartition: 2,
      originalOffset: 41,
      status: 'pending',
    });
    expect(await first.desk.replay({ ids: [letter!.id] }, 'operator')).toEqual({ replayed: [letter!.id] });
    await first.publisher.disconnect();

    const [replayed] = await readTopic(kafka.brokers, original, 1);
    expect(replayed).toMatchObject({ key: 'story-1', value: '{"id":"story-1"}' });
    expect(replayed!.headers).toEqual({ 'cleanwire-request-id': 'req-dlq', [REPLAYED_FROM_HEADER]: letter!.id });

    const second = desk();
    expect(await second.desk.list({ topic: original })).toEqual([]);
    const [seen] = await second.desk.list({ topic: original, status: 'replayed' });
    expect(seen).toMatchObject({
      id: letter!.id,
      status: 'replayed',
      action: { by: 'operator', replayedTo: original },
    });
    await expect(second.desk.discard({ ids: [`${dlq}:0:99`] }, 'operator')).rejects.toThrow(/no dead letter/);
    await second.publisher.disconnect();
  });
});
