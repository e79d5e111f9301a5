/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// What one stories.clean.v1 record costs, the earlier form (the story as JSON: text beside the body, one cut per
// line, validated with CleanStorySchema) beside the current one (encodeCleanStoryRecord, read with
// CleanStoryRecordSchema): bytes, encode and decode CPU in process, then produce and consume CPU through kafkajs on the
// mock broker with each codec. Every figure is per record, measured in the same run, rounds alternating.
//   npm run build && node dist/bench/clean-record.bench.js [-- --stories 2000]
import { performance } from 'node:perf_hooks';
import { CompressionTypes, Kafka, logLevel, type Message } from 'kafkajs';
import { storyFromArticle } from '@cleanwire/cleaning';
import {
  type CleanStory,
  CleanStoryRecordSchema,
  CleanStorySchema,
  encodeCleanStoryRecord,
  type RawArticle,
} from '@cleanwire/contracts';
import { registerLz4Codec } from '@cleanwire/kafka';
import { numberOption } from './support/load';
import { startMockKafka } from './support/local-stack';
import { machineLoad } from './support/process-stats';
import { ScrapedArticles } from './support/scraped-articles';

const STORIES = numberOption('stories', 2000);
const ROUNDS = 7;

interface Form {
  name: string;
  encode: (story: CleanStory) => string;
  decode: (value: string) => unknown;
}

const FORMS: Form[] = [
  {
    name: 'earlier (story JSON, CleanStorySchema)',
    encode: (story) => JSON.stringify(story),
    decode: (value) => CleanStorySchema.safeParse(JSON.parse(value)),
  },
  {
    name: 'current (encodeCleanStoryRecord)',
    encode: encodeCleanStoryRecord,
    decode: (value) => CleanStoryRecordSchema.safeParse(JSON.parse(value)),
  },
];

function stories(): CleanStory[] {
  const now = new Date();
  return new ScrapedArticles('clean-record').take(STORIES).map((article, index) => {
    const raw: RawArticle = {
      id: `story-${index}`,
      source: article.source,
      url: article.url,
      body: article.body,
      bodyFormat: 'text',
      publishedAt: article.publishedAt,
      receivedAt: now.toISOString(),
      format: 'json',
    };
    // As the normalizer makes them: near-duplicate signatures are computed by the indexer, not carried by records.
    return storyFromArticle(raw, now);
  });
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** Microseconds per story of `work`, median of the rounds (the first two warm up). */
function timed(work: () => void): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 2; round++) {
    const started = performance.now();
    work();
    if (round >= 2) times.push(((performance.now() - started) * 1000) / STORIES);
  }
  return median(times);
}

/** CPU microseconds per record this process spends producing them (acks -1, batches of 100) and consuming them. */
async function throughKafka(brokers: string[], messages: Message[], compression: CompressionTypes) {
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const topic = `bench.record.${compression}.${Math.random().toString(36).slice(2)}`;
  const before = process.cpuUsage();
  for (let index = 0; index < messages.length; index += 100) {
    await producer.send({ topic, acks: -1, compression, messages: messages.slice(index, index + 100) });
  }
  const produced = process.cpuUsage(before);
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  let start: NodeJS.CpuUsage | undefined;
  let bytes = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        start ??= process.cpuUsage();
        consumed += batch.messages.length;
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        if (consumed >= messages.length) resolve();
        await Promise.resolve();
      },
    });
  });
  const read = process.cpuUsage(start);
  await consumer.disconnect();
  const micros = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / messages.length;
  return { produce: micros(produced), consume: micros(read), bytes: bytes / messages.length };
}

async function main(): Promise<void> {
  registerLz4Codec();
  const all = stories();
  console.log(`${STORIES} clean stories from scraped articles; median of ${ROUNDS} rounds; ${machineLoad()}`);
  console.log(
    `${'record form'.padEnd(40)} ${'bytes'.padStart(6)} ${'encode µs'.padStart(10)} ${'decode µs'.padStart(10)}`,
  );
  for (const form of FORMS) {
    const values = all.map(form.encode);
    const bytes = values.reduce((sum, value) => sum + Buffer.byteLength(value), 0) / values.length;
    const encode = timed(() => all.forEach(form.encode));
    const decode = timed(() => values.forEach(form.decode));
    console.log(
      `${form.name.padEnd(40)} ${bytes.toFixed(0).padStart(6)} ${encode.toFixed(1).padStart(10)} ${decode.toFixed(1).padStart(10)}`,
    );
  }
  const kafka = await startMockKafka();
  try {
    console.log(
      `${'through kafkajs (CPU µs per record)'.padEnd(40)} ${'codec'.padStart(6)} ${'produce'.padStart(10)} ${'consume'.padStart(10)}`,
    );
    for (const round of [1, 2]) {
      for (const form of FORMS) {
        const messages = all.map((story) => ({ key: story.id, value: form.encode(story) }));
        for (const [codec, type] of [
          ['none', CompressionTypes.None],
          ['gzip', CompressionTypes.GZIP],
          ['lz4', CompressionTypes.LZ4],
        ] as const) {
          const cost = await throughKafka(kafka.brokers, messages, type);
          if (round === 1) continue; // warm-up round
          console.log(
            `${form.name.padEnd(40)} ${codec.padStart(6)} ${cost.produce.toFixed(1).padStart(10)} ${cost.consume.toFixed(1).padStart(10)}`,
          );
        }
      }
    }
  } finally {
    await kafka.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
