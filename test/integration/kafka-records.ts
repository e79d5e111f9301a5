// Reads what is on a topic, from the beginning, with a throw-away consumer group.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { registerLz4Codec } from '@cleanwire/kafka';

export interface TopicRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/** A plain kafkajs client that also reads the LZ4 batches the services write. */
export function testKafka(brokers: string[]): Kafka {
  registerLz4Codec();
  return new Kafka({ clientId: 'cleanwire-test', brokers, logLevel: logLevel.NOTHING });
}

/** Waits until `count` records are on the topic (or the timeout passes) and returns them. */
export async function readTopic(
  brokers: string[],
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<TopicRecord[]> {
  return consumeUntil(brokers, topic, (records) => records.length >= count, timeoutMs);
}

/**
 * Every record on the topic when the call starts: reads each partition up to its end offset, so the answer does not
 * depend on how fast the broker serves it (a record acknowledged before the call is always in it).
 */
export async function readWholeTopic(brokers: string[], topic: string, timeoutMs = 30_000): Promise<TopicRecord[]> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(
      offsets
        .filter(({ high, low }) => BigInt(high) > BigInt(low))
        .map(({ partition, high }) => [partition, BigInt(high)]),
    );
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];
  const reached = (records: TopicRecord[]): boolean =>
    [...ends].every(([partition, end]) =>
      records.some((record) => record.partition === partition && BigInt(record.offset) + 1n >= end),
    );
  const records = await consumeUntil(brokers, topic, reached, timeoutMs);
  if (!reached(records)) throw new Error(`${topic} was not read to its end within ${timeoutMs} ms`);
  return records.filter((record) => BigInt(record.offset) < (ends.get(record.partition) ?? 0n));
}

async function consumeUntil(
  brokers: string[],
  topic: string,
  enough: (records: TopicRecord[]) => boolean,
  timeoutMs: number,
): Promise<TopicRecord[]> {
  const consumer = testKafka(brokers).consumer({ groupId: `reader-${randomUUID()}` });
  const records: TopicRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    timer = setTimeout(done, timeoutMs);
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        records.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: stringHeaders(message.headers),
          partition,
          offset: message.offset,
        });
        if (enough(records)) done();
      },
    });
    await finished;
    return records;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
