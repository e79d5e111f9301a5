// The baseline pipeline: what kafkajs and ioredis do on this broker with nothing of cleanwire around them. Each stage
// runs as its own process, as cleanwire's services do:
//   relay: an eachBatch consumer that relays each batch to the next topic with one send (acks -1);
//   sink:  an eachBatch consumer that writes each batch in one Redis pipeline (SET per record, INCRBY a count).
//   node dist/bench/support/bare-relay.js relay '{"brokers":[...],"from":"a","to":"b"}'
//   node dist/bench/support/bare-relay.js sink '{"brokers":[...],"from":"b","redisUrl":"redis://..."}'
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';

export interface RelayStageOptions {
  brokers: string[];
  from: string;
  /** relay: the topic each batch is sent on to. */
  to?: string;
  /** sink: where each batch is written. */
  redisUrl?: string;
}

/** The consumer settings of the baseline: every partition at once, a short fetch wait (this broker holds empty fetches). */
export const BARE_CONSUMER = { partitionsConsumedConcurrently: 4, maxWaitTimeInMs: 100 };

/** The key the sink counts stored records under. */
export const SINK_COUNT_KEY = 'bench:count';

async function runStage(role: string, options: RelayStageOptions): Promise<void> {
  const kafka = new Kafka({ clientId: `bare-${role}`, brokers: options.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bare-${role}`, maxWaitTimeInMs: BARE_CONSUMER.maxWaitTimeInMs });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  const redis = options.redisUrl === undefined ? undefined : new Redis(options.redisUrl);
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [options.from], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: BARE_CONSUMER.partitionsConsumedConcurrently,
    eachBatch: async ({ batch }) => {
      if (role === 'relay') {
        await producer.send({
          topic: options.to ?? '',
          acks: -1,
          messages: batch.messages.map(({ key, value }) => ({ key, value })),
        });
      } else if (redis) {
        const pipeline = redis.pipeline();
        for (const { key, value } of batch.messages) pipeline.set(`bench:${key?.toString() ?? ''}`, value ?? '');
        pipeline.incrby(SINK_COUNT_KEY, batch.messages.length);
        await pipeline.exec();
      }
    },
  });
  // Joined and consuming: the parent waits for this line.
  process.stdout.write('consuming\n');
  process.once('SIGTERM', () => {
    void Promise.all([consumer.disconnect(), producer.disconnect()]).finally(() => {
      redis?.disconnect();
      process.exit(0);
    });
  });
}

if (require.main === module) {
  const [role = '', json = '{}'] = process.argv.slice(2);
  runStage(role, JSON.parse(json) as RelayStageOptions).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
