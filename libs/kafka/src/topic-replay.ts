import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** How far a replay got: records read of those present when it started. */
export interface ReplayProgress {
  read: number;
  total: number;
}

/**
 * Reads a topic from its oldest record up to the end it had when the replay started, a batch at a time, in a consumer
 * group of its own (nothing is committed for anyone else). Returns the records read; `onBatch` may throw to stop.
 */
export async function replayTopic(
  kafka: Kafka,
  topic: string,
  onBatch: (values: Array<Buffer | null>) => Promise<void>,
  onProgress: (progress: ReplayProgress) => void = () => undefined,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, { low: number; high: number }>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
  } finally {
    await admin.disconnect();
  }
  const total = [...ends.values()].reduce((sum, end) => sum + end.high - end.low, 0);
  const pending = new Set([...ends].filter(([, end]) => end.high > end.low).map(([partition]) => partition));
  let read = 0;
  onProgress({ read, total });
  if (pending.size === 0) return 0;

  const consumer = kafka.consumer({ groupId: `cleanwire-replay-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition)?.high ?? 0;
            const messages = batch.messages.filter((message) => Number(message.offset) < end);
            if (messages.length > 0) {
              await onBatch(messages.map((message) => message.value));
              read += messages.length;
              onProgress({ read, total });
            }
            const last = batch.messages[batch.messages.length - 1];
            if (last && Number(last.offset) + 1 >= end) {
              pending.delete(batch.partition);
              if (pending.size === 0) resolve();
            }
          },
        })
        .catch(reject);
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}
