/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// Throughput of the whole pipeline beside what its transport can do, measured in one run on fresh brokers and Redis:
//   1. the bare two-hop relay: produce batches of 500 (acks -1) -> an eachBatch consumer relaying each batch with one
//      send -> an eachBatch consumer writing each batch in one Redis pipeline; msgs/s end to end;
//   2. cleanwire end to end: JSON feeds of 100 scraped articles posted to ingest, 4 POSTs in flight, until every
//      story is queryable; articles/s, and its ratio to (1) (goal >= 0.5);
//   3. a bare Fastify route publishing the same bodies with kafkajs, and 4. ingest alone (no workers started);
//      articles/s, and the ratio of (4) to (3) (goal >= 0.8).
// Each baseline runs before and after what it is compared with, and the ratio is to their mean.
// Offered load is paced so no partition log (about 5 MB on the mock broker) is outrun, and counts are checked at the
// end: nothing may be lost.
//   npm run build && npm run bench:pipeline [-- --articles 20000 --window 2000 --fetch-wait MS --pairs pipeline|ingest
//   --env NAME=VALUE (a setting for the services, to try a configuration)]
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ARTICLES_RAW_V1 } from '@cleanwire/contracts';
import { freePort } from '../test/harness/docker';
import {
  type CleanwireStack,
  fetchWaitOption,
  METRICS_POLL_MS,
  openStoryProbe,
  postArticles,
  readCounter,
  startCleanwire,
} from './support/cleanwire-stack';
import { chunk, closedLoop, type LoopResult, numberOption, stringOption } from './support/load';
import { startBareRelay } from './support/bare-relay';
import { startMockKafka, startUntil } from './support/local-stack';
import { machineLoad, processStats } from './support/process-stats';
import { type ScrapedArticle, ScrapedArticles } from './support/scraped-articles';

const ARTICLES = numberOption('articles', 20_000);
const WARMUP = numberOption('warmup', 2_000);
const WINDOW = numberOption('window', 2_000);
/** `pipeline` (the relay and cleanwire end to end), `ingest` (the bare route and ingest alone), or `both`. */
const PAIRS = stringOption('pairs', 'both');
const PER_POST = 100;
const POSTS_IN_FLIGHT = 4;
const RELAY_BATCH = 500;
// cleanwire's fetch wait (its default, or --fetch-wait), given to the bare relay too.
const FETCH_WAIT_MS = fetchWaitOption();
const GOAL_PIPELINE = 0.5;
const GOAL_INGEST = 0.8;
const RUN_DIR = path.resolve('.cleanwire', 'bench', `pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}`);

interface Measured extends LoopResult {
  /** CPU milliseconds per item, per process, over the timed run. */
  cpuMsPerItem: Record<string, number>;
}

/** Measures `run` and the CPU the named processes spent meanwhile. */
async function measured(processes: Record<string, number>, run: () => Promise<LoopResult>): Promise<Measured> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, processStats(pid)]));
  const result = await run();
  const cpuMsPerItem: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) {
    const [start, end] = [before[name], processStats(pid)];
    if (start && end) cpuMsPerItem[name] = ((end.cpuSeconds - start.cpuSeconds) * 1000) / result.items;
  }
  return { ...result, cpuMsPerItem };
}

async function bareRelay(articles: ScrapedArticle[], warmup: ScrapedArticle[]): Promise<Measured> {
  const relay = await startBareRelay(FETCH_WAIT_MS);
  try {
    const messages = (items: ScrapedArticle[]) =>
      chunk(
        items.map((item) => ({ key: item.url, value: JSON.stringify(item) })),
        RELAY_BATCH,
      );
    const loop = (batches: ReturnType<typeof messages>, base: number) =>
      closedLoop({
        batches,
        size: (batch) => batch.length,
        inFlight: POSTS_IN_FLIGHT,
        window: WINDOW,
        send: (batch) => relay.send(batch),
        completed: async () => (await relay.stored()) - base,
      });
    await loop(messages(warmup), 0);
    const pids = { relay: relay.stages.relay.pid, sink: relay.stages.sink.pid, redis: relay.redis.pid };
    const result = await measured(pids, () => loop(messages(articles), warmup.length));
    const stored = await relay.distinct();
    if (stored !== warmup.length + articles.length) {
      throw new Error(`the relay lost records: ${stored} of ${warmup.length + articles.length} in Redis`);
    }
    return result;
  } finally {
    await relay.stop();
  }
}

function postLoop(ingestUrl: string, articles: ScrapedArticle[], completed: () => Promise<number>, ids: string[]) {
  return closedLoop({
    batches: chunk(articles, PER_POST),
    size: (batch) => batch.length,
    inFlight: POSTS_IN_FLIGHT,
    window: WINDOW,
    send: async (batch) => void ids.push(...(await postArticles(ingestUrl, batch))),
    completed,
    pollMs: METRICS_POLL_MS,
  });
}

async function cleanwire(articles: ScrapedArticle[], warmup: ScrapedArticle[]): Promise<Measured> {
  const stack = await startCleanwire({
    services: ['normalizer', 'indexer', 'ingest', 'query'],
    logDir: path.join(RUN_DIR, 'cleanwire'),
    env: { KAFKA_FETCH_MAX_WAIT_MS: String(FETCH_WAIT_MS) },
  });
  try {
    const ingest = stack.service('ingest').url;
    const indexer = stack.service('indexer').url;
    const stored = () => readCounter(indexer, 'cleanwire_stories_stored_total');
    await postLoop(ingest, warmup, stored, []);
    const base = await stored();
    const ids: string[] = [];
    const pids = Object.fromEntries(
      (['ingest', 'normalizer', 'indexer'] as const).map((name) => [name, stack.service(name).pid]),
    );
    const result = await measured({ ...pids, redis: stack.redis.pid }, () =>
      postLoop(ingest, articles, async () => (await stored()) - base, ids),
    );
    await checkQueryable(stack, ids, articles.length);
    return result;
  } finally {
    await stack.stop();
  }
}

/** Every accepted article is queryable, and no consumer lost its place in a partition log. */
async function checkQueryable(stack: CleanwireStack, ids: string[], expected: number): Promise<void> {
  if (new Set(ids).size !== expected) throw new Error(`ingest accepted ${new Set(ids).size} of ${expected} articles`);
  const probe = await openStoryProbe(stack.redis.url);
  try {
    const found = await probe.queryable(ids);
    const missing = found.filter((queryable) => !queryable).length;
    if (missing > 0) throw new Error(`${missing} of ${expected} accepted articles are not queryable`);
  } finally {
    await probe.close();
  }
  for (const name of ['normalizer', 'indexer'] as const) {
    const resets = await readCounter(stack.service(name).url, 'cleanwire_consumer_offset_resets_total');
    if (resets > 0) throw new Error(`${name} had ${resets} offset resets: a partition log was outrun`);
  }
}

/** Records on a topic, from its partitions' end offsets. */
async function recordsOn(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function ingestOnly(
  articles: ScrapedArticle[],
  warmup: ScrapedArticle[],
  start: () => Promise<{ url: string; pid: number; brokers: string[]; topic: string; stop(): Promise<void> }>,
): Promise<Measured> {
  const server = await start();
  try {
    // Nothing downstream: an article counts once ingest answered for it.
    let answered = 0;
    const loop = (items: ScrapedArticle[]) => {
      answered = 0;
      return closedLoop({
        batches: chunk(items, PER_POST),
        size: (batch) => batch.length,
        inFlight: POSTS_IN_FLIGHT,
        window: Number.MAX_SAFE_INTEGER,
        send: async (batch) => {
          await postArticles(server.url, batch);
          answered += batch.length;
        },
        completed: () => answered,
      });
    };
    await loop(warmup);
    const result = await measured({ ingest: server.pid }, () => loop(articles));
    const published = await recordsOn(server.brokers, server.topic);
    if (published !== warmup.length + articles.length) {
      throw new Error(`${published} of ${warmup.length + articles.length} records reached ${server.topic}`);
    }
    return result;
  } finally {
    await server.stop();
  }
}

async function bareIngest(articles: ScrapedArticle[], warmup: ScrapedArticle[]): Promise<Measured> {
  return ingestOnly(articles, warmup, async () => {
    const kafka = await startMockKafka();
    const port = await freePort();
    const topic = 'bench.raw';
    const server = await startUntil(
      process.execPath,
      [`${__dirname}/support/bare-ingest.js`, JSON.stringify({ brokers: kafka.brokers, port, topic })],
      /listening/,
    ).catch(async (error: unknown) => {
      await kafka.stop();
      throw error;
    });
    return {
      url: `http://127.0.0.1:${port}`,
      pid: server.pid,
      brokers: kafka.brokers,
      topic,
      stop: async () => {
        await server.stop();
        await kafka.stop();
      },
    };
  });
}

async function ingestAlone(articles: ScrapedArticle[], warmup: ScrapedArticle[]): Promise<Measured> {
  return ingestOnly(articles, warmup, async () => {
    const stack = await startCleanwire({ services: ['ingest'], logDir: path.join(RUN_DIR, 'ingest-alone') });
    const ingest = stack.service('ingest');
    return {
      url: ingest.url,
      pid: ingest.pid,
      brokers: stack.kafka.brokers,
      topic: ARTICLES_RAW_V1,
      stop: () => stack.stop(),
    };
  });
}

function row(name: string, result: Measured, unit: string): string {
  const cpu = Object.entries(result.cpuMsPerItem)
    .map(([process, ms]) => `${process} ${ms.toFixed(3)}`)
    .join('  ');
  return `${name.padEnd(44)} ${result.rate.toFixed(0).padStart(7)} ${unit.padEnd(11)} ${result.seconds.toFixed(1).padStart(5)} s   ${cpu}`;
}

function verdict(ratio: number, goal: number): string {
  return `${ratio.toFixed(3)} (goal >= ${goal}: ${ratio >= goal ? 'met' : 'NOT met'})`;
}

async function main(): Promise<void> {
  const generator = new ScrapedArticles('pipeline');
  const warmup = generator.take(WARMUP);
  const articles = generator.take(ARTICLES);
  const bytes = articles.reduce((sum, article) => sum + Buffer.byteLength(JSON.stringify(article)), 0);
  console.log(
    `${ARTICLES} articles (mean ${(bytes / ARTICLES / 1024).toFixed(2)} KB as JSON) after ${WARMUP} to warm up; ` +
      `${PER_POST} per POST, ${POSTS_IN_FLIGHT} POSTs in flight; relay batches of ${RELAY_BATCH}; ` +
      `fetch wait ${FETCH_WAIT_MS} ms; ` +
      `at most ${WINDOW} in the pipeline; logs in ${RUN_DIR}; ${machineLoad()}`,
  );
  console.log(
    `${'measured'.padEnd(44)} ${'rate'.padStart(7)} ${''.padEnd(11)} ${'time'.padStart(7)}   CPU ms per item`,
  );
  if (PAIRS !== 'ingest') {
    // The relay runs before and after cleanwire, and the mean is the baseline: drift in the machine's load hits both.
    const before = await bareRelay(articles, warmup);
    console.log(row('bare two-hop relay (kafkajs, ioredis)', before, 'msgs/s'));
    const pipeline = await cleanwire(articles, warmup);
    console.log(row('cleanwire end to end (post -> queryable)', pipeline, 'articles/s'));
    const after = await bareRelay(articles, warmup);
    console.log(row('bare two-hop relay, again', after, 'msgs/s'));
    const relay = (before.rate + after.rate) / 2;
    console.log(
      `end to end / bare relay (mean ${relay.toFixed(0)} msgs/s): ${verdict(pipeline.rate / relay, GOAL_PIPELINE)}`,
    );
  }
  if (PAIRS !== 'pipeline') {
    const before = await bareIngest(articles, warmup);
    console.log(row('bare Fastify route publishing with kafkajs', before, 'articles/s'));
    const ingest = await ingestAlone(articles, warmup);
    console.log(row('ingest alone (no workers started)', ingest, 'articles/s'));
    const after = await bareIngest(articles, warmup);
    console.log(row('bare Fastify route, again', after, 'articles/s'));
    const bare = (before.rate + after.rate) / 2;
    console.log(
      `ingest / bare route (mean ${bare.toFixed(0)} articles/s): ${verdict(ingest.rate / bare, GOAL_INGEST)}`,
    );
  }
  console.log('nothing lost: every record relayed, published and stored was counted where it ended');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
