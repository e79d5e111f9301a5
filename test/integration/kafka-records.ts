// Reads what is on a topic, from the beginning, with a throw-away consumer group.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';

export interface TopicRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export function testKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'cleanwire-test', brokers, logLevel: logLevel.NOTHING });
}

/** Waits until `count` records are on the topic (or the timeout passes) and returns them. */
export async function readTopic(
  brokers: string[],
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<TopicRecord[]> {
  const consumer = testKafka(brokers).consumer({ groupId: `reader-${randomUUID()}` });
  const records: TopicRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const enough = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        records.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: stringHeaders(message.headers),
          partition,
          offset: message.offset,
        });
        if (records.length >= count) done();
      },
    });
    await Promise.race([enough, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    return records;
  } finally {
    await consumer.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}
