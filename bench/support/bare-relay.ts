// The baseline pipeline: what kafkajs and ioredis do on this broker with nothing of cleanwire around them. The
// benchmark produces batches (acks -1) to `bench.raw`; each stage runs in its own process, as cleanwire's services do:
//   relay: an eachBatch consumer that relays each batch to `bench.clean` with one send (acks -1);
//   sink:  an eachBatch consumer that writes each batch in one Redis pipeline (SET per record, INCRBY a count).
import Redis from 'ioredis';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import {
  type LocalKafka,
  type LocalProcess,
  type LocalRedis,
  startMockKafka,
  startRedisServer,
  startUntil,
} from './local-stack';

interface StageOptions {
  brokers: string[];
  /** The consumer's fetch wait: the benchmarks give it cleanwire's, since this broker holds an empty fetch that long. */
  maxWaitMs: number;
  redisUrl?: string;
}

const RAW = 'bench.raw';
const CLEAN = 'bench.clean';
const COUNT_KEY = 'bench:count';

export interface BareRelay {
  kafka: LocalKafka;
  redis: LocalRedis;
  stages: { relay: LocalProcess; sink: LocalProcess };
  /** Produces one batch to the relay's first topic, acks -1. */
  send(messages: Message[]): Promise<void>;
  /** Records the sink has written to Redis. */
  stored(): Promise<number>;
  /** Which records (by key) the sink has written. */
  written(keys: readonly string[]): Promise<boolean[]>;
  /** Distinct records in Redis. */
  distinct(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a fresh broker and Redis, the relay and the sink, and a producer for the benchmark. */
export async function startBareRelay(maxWaitMs: number): Promise<BareRelay> {
  const [kafka, redis] = await Promise.all([startMockKafka(), startRedisServer()]);
  const producer: Producer = new Kafka({
    clientId: 'bench',
    brokers: kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).producer({
    allowAutoTopicCreation: true,
  });
  const client = new Redis(redis.url);
  const started: LocalProcess[] = [];
  const stop = async (): Promise<void> => {
    client.disconnect();
    await producer.disconnect().catch(() => undefined);
    await Promise.all(started.map((stage) => stage.stop()));
    await Promise.all([kafka.stop(), redis.stop()]);
  };
  try {
    const options: StageOptions = { brokers: kafka.brokers, maxWaitMs, redisUrl: redis.url };
    const stage = async (role: string): Promise<LocalProcess> => {
      const child = await startUntil(process.execPath, [__filename, role, JSON.stringify(options)], /consuming/);
      started.push(child);
      return child;
    };
    const stages = { relay: await stage('relay'), sink: await stage('sink') };
    await producer.connect();
    return {
      kafka,
      redis,
      stages,
      send: async (messages) => void (await producer.send({ topic: RAW, acks: -1, messages })),
      stored: async () => Number((await client.get(COUNT_KEY)) ?? 0),
      written: async (keys) => {
        const pipeline = client.pipeline();
        for (const key of keys) pipeline.exists(`bench:${key}`);
        return ((await pipeline.exec()) ?? []).map(([, exists]) => exists === 1);
      },
      distinct: async () => (await client.dbsize()) - 1,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function runStage(role: string, options: StageOptions): Promise<void> {
  const kafka = new Kafka({ clientId: `bare-${role}`, brokers: options.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bare-${role}`, maxWaitTimeInMs: options.maxWaitMs });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  const redis = role === 'sink' ? new Redis(options.redisUrl ?? '') : undefined;
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: [role === 'relay' ? RAW : CLEAN], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch }) => {
      if (redis === undefined) {
        await producer.send({
          topic: CLEAN,
          acks: -1,
          messages: batch.messages.map(({ key, value }) => ({ key, value })),
        });
        return;
      }
      const pipeline = redis.pipeline();
      for (const { key, value } of batch.messages) pipeline.set(`bench:${key?.toString() ?? ''}`, value ?? '');
      pipeline.incrby(COUNT_KEY, batch.messages.length);
      await pipeline.exec();
    },
  });
  // Joined and consuming: the benchmark waits for this line.
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
  runStage(role, JSON.parse(json) as StageOptions).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
