/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// The story index against a real redis-server started here on 127.0.0.1: write throughput, memory per story, search
// latency under a concurrent indexer, other clients' PING latency meanwhile, slow commands, and deep pages. Each
// figure is printed beside a baseline measured in the same run.
//   npm run build && npm run bench:index                      # 100k stories
//   npm run build && npm run bench:index -- --stories 1000000 # 1M (a longer run)
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import type { CleanStory } from '@cleanwire/contracts';
import { withSimhash } from '@cleanwire/search';
import { RedisStorySearch, RedisStoryStore, StoryIndexer } from '@cleanwire/story-index';
import { StoryCorpus } from './story-corpus';

const { values: args } = parseArgs({
  options: {
    stories: { type: 'string', default: '100000' },
    shards: { type: 'string', default: '1' },
    batch: { type: 'string', default: '500' },
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '20' },
    'writer-rate': { type: 'string', default: '500' },
    role: { type: 'string', default: 'main' },
    port: { type: 'string' },
    from: { type: 'string' },
  },
});
const STORIES = Number(args.stories);
const SHARDS = Number(args.shards);
const BATCH = Number(args.batch);
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const WRITER_RATE = Number(args['writer-rate']);

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined); // refused until redis-server listens
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return { port, process: child };
    } catch {
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('redis-server did not start');
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Baseline: the story JSON as the pipeline had it, SET in pipelines of one batch. */
/** Batches of generated stories as the normalizer publishes them (SimHash included); generation is not timed. */
function* batches(corpus: StoryCorpus, pairs = 1): Generator<CleanStory[][]> {
  for (let n = 0; n < STORIES; n += BATCH * pairs) {
    const group: CleanStory[][] = [];
    for (let b = n; b < Math.min(STORIES, n + BATCH * pairs); b += BATCH) {
      group.push(Array.from({ length: Math.min(BATCH, STORIES - b) }, (_, i) => withSimhash(corpus.story(b + i))));
    }
    yield group;
  }
}

/** Baseline: the story JSON as the pipeline had it, SET in pipelines of one batch. */
async function baselineWrites(redis: Redis, corpus: StoryCorpus): Promise<{ rate: number; bytes: number }> {
  const before = await usedMemory(redis);
  let elapsed = 0;
  for (const [batch = []] of batches(corpus)) {
    const t0 = performance.now();
    const pipeline = redis.pipeline();
    for (const story of batch) pipeline.set(`raw:${story.id}`, JSON.stringify(story));
    await pipeline.exec();
    elapsed += performance.now() - t0;
  }
  return { rate: STORIES / (elapsed / 1000), bytes: ((await usedMemory(redis)) - before) / STORIES };
}

async function indexWrites(indexer: StoryIndexer, corpus: StoryCorpus): Promise<number> {
  let elapsed = 0;
  // Two batches in flight, as the indexer consumes two partitions at once.
  for (const pair of batches(corpus, 2)) {
    const t0 = performance.now();
    await Promise.all(pair.map((batch) => indexer.index(batch)));
    elapsed += performance.now() - t0;
  }
  return STORIES / (elapsed / 1000);
}

/** The writer process: indexes new stories at a steady rate while the main process searches. */
async function writerRole(): Promise<void> {
  const redis = new Redis(Number(args.port), '127.0.0.1');
  const indexer = new StoryIndexer(...storeAndNear(redis));
  const corpus = new StoryCorpus({ seed: 7 });
  let n = Number(args.from);
  const perTick = Math.max(1, Math.round(WRITER_RATE / 10));
  const deadline = Date.now() + SECONDS * 1000 + 5000;
  while (Date.now() < deadline) {
    const t0 = Date.now();
    const batch = Array.from({ length: perTick }, () => corpus.story(n++));
    await indexer.index(batch);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - t0))));
  }
  redis.disconnect();
}

function storeAndNear(redis: Redis): [RedisStoryStore, RedisStoryStore['nearDuplicates']] {
  const store = new RedisStoryStore(redis, { shards: SHARDS });
  return [store, store.nearDuplicates];
}

async function pingLatencies(port: number, stop: () => boolean): Promise<number[]> {
  const redis = new Redis(port, '127.0.0.1');
  const latencies: number[] = [];
  while (!stop()) {
    const t0 = performance.now();
    await redis.ping();
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  redis.disconnect();
  return latencies;
}

/** The pinger process: another Redis client, in its own process so the search load's CPU does not delay it. */
async function pingerRole(): Promise<void> {
  const end = Date.now() + SECONDS * 1000;
  const latencies = await pingLatencies(Number(args.port), () => Date.now() >= end);
  process.send?.(latencies);
}

function pingFromAnotherProcess(port: number, seconds: number): Promise<number[]> {
  const child = fork(__filename, ['--role', 'pinger', '--port', String(port), '--seconds', String(seconds)], {
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (latencies) => resolve(latencies as number[]));
    child.once('error', reject);
  });
}

async function searchLoad(search: RedisStorySearch, corpus: StoryCorpus, port: number) {
  const deadline = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  const slowest: Array<{ ms: number; query: string }> = [];
  let estimated = 0;
  const pings = pingFromAnotherProcess(port, SECONDS);
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline) {
        const query = corpus.query();
        const t0 = performance.now();
        const page = await search.search({ ...query, limit: 20 });
        const took = performance.now() - t0;
        latencies.push(took);
        slowest.push({ ms: took, query: JSON.stringify(query) });
        slowest.sort((a, b) => b.ms - a.ms).splice(3);
        if (page.totalIsEstimate) estimated++;
      }
    }),
  );
  return { latencies, pings: await pings, estimated, slowest };
}

async function deepPages(search: RedisStorySearch): Promise<{ first: number; deep: number; pages: number }> {
  const firsts: number[] = [];
  const deeps: number[] = [];
  let pages = 0;
  for (const q of ['government', 'police report', 'minister']) {
    let cursor: string | undefined;
    for (let page = 1; page <= 25; page++) {
      const t0 = performance.now();
      const result = await search.search({ q, limit: 20, cursor });
      (page === 1 ? firsts : deeps).push(performance.now() - t0);
      pages++;
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
  }
  return { first: percentile(firsts, 50), deep: percentile(deeps, 50), pages };
}

type SlowEntry = [number, number, number, Array<string | Buffer>];

/** The count of slow commands, the slowest, and how many of each command (scripts by their key count). */
function describeSlow(entries: readonly SlowEntry[]): string {
  if (entries.length === 0) return '0';
  const kinds = new Map<string, number>();
  for (const [, , , args] of entries) {
    const name = String(args[0]).toLowerCase();
    const kind = name === 'evalsha' ? `evalsha(${String(args[2])} keys)` : name;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const slowest = Math.max(...entries.map((entry) => entry[2])) / 1000;
  const top = [...kinds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([kind, n]) => `${kind} x${n}`);
  return `${entries.length}, slowest ${slowest.toFixed(1)} ms; ${top.join(', ')}`;
}

async function main(): Promise<void> {
  if (args.role === 'writer') return writerRole();
  if (args.role === 'pinger') return pingerRole();
  const server = await startRedis();
  const redis = new Redis(server.port, '127.0.0.1');
  const corpus = new StoryCorpus();
  try {
    console.log(`stories ${STORIES}, shards ${SHARDS}, batch ${BATCH}, ${CLIENTS} search clients for ${SECONDS} s`);
    const sample = Array.from({ length: 200 }, (_, i) => corpus.story(i));
    const textBytes = sample.reduce((sum, story) => sum + Buffer.byteLength(story.text), 0) / sample.length;
    console.log(`mean clean text ${(textBytes / 1024).toFixed(2)} KB per story`);

    const baseline = await baselineWrites(redis, new StoryCorpus());
    await redis.flushall();
    await redis.config('SET', 'slowlog-log-slower-than', '5000');
    await redis.config('SET', 'slowlog-max-len', '10000');
    await redis.slowlog('RESET');
    const empty = await usedMemory(redis);
    const [store, near] = storeAndNear(redis);
    const rate = await indexWrites(new StoryIndexer(store, near), new StoryCorpus());
    const indexed = ((await usedMemory(redis)) - empty) / STORIES;
    const slow = (await redis.slowlog('GET', 10000)) as SlowEntry[];

    console.log('\nwrites (stories/s)');
    console.log(`  baseline: pipelined SET of the story JSON   ${baseline.rate.toFixed(0).padStart(8)}`);
    console.log(
      `  index: StoryIndexer.index, batches of ${BATCH}  ${rate.toFixed(0).padStart(8)}   ratio ${(rate / baseline.rate).toFixed(2)} (target >= 5000/s)`,
    );
    console.log('memory per story (bytes, used_memory delta)');
    console.log(`  baseline: the story JSON alone              ${baseline.bytes.toFixed(0).padStart(8)}`);
    console.log(
      `  index: everything                           ${indexed.toFixed(0).padStart(8)}   ratio ${(indexed / baseline.bytes).toFixed(2)} (target <= 10240)`,
    );
    console.log(`slow commands while indexing (> 5 ms): ${describeSlow(slow)}`);

    const search = new RedisStorySearch(redis, store);
    const idle = await pingFromAnotherProcess(server.port, 2);
    await redis.slowlog('RESET');
    const writer = fork(
      __filename,
      [
        '--role',
        'writer',
        '--port',
        String(server.port),
        '--from',
        String(STORIES + 1),
        '--shards',
        String(SHARDS),
        '--seconds',
        String(SECONDS),
        '--writer-rate',
        String(WRITER_RATE),
      ],
      { stdio: 'inherit' },
    );
    const load = await searchLoad(search, new StoryCorpus({ seed: 99 }), server.port);
    writer.kill();
    const slowSearch = (await redis.slowlog('GET', 10000)) as SlowEntry[];
    console.log(
      `\nsearch, ${CLIENTS} concurrent clients, indexer writing ${WRITER_RATE} stories/s meanwhile: ${load.latencies.length} queries (${(load.latencies.length / SECONDS).toFixed(0)}/s), ${load.estimated} with an estimated total`,
    );
    console.log(
      `  p50 ${ms(percentile(load.latencies, 50))}  p95 ${ms(percentile(load.latencies, 95))}  p99 ${ms(percentile(load.latencies, 99))}  max ${ms(Math.max(...load.latencies))}   (target p99 <= ${STORIES >= 1_000_000 ? 50 : 20} ms)`,
    );
    console.log(`  slowest: ${load.slowest.map(({ ms: took, query }) => `${query} ${ms(took)}`).join('; ')}`);
    console.log('PING of another client');
    console.log(`  baseline, idle:       p50 ${ms(percentile(idle, 50))}  p99 ${ms(percentile(idle, 99))}`);
    console.log(
      `  during search load:   p50 ${ms(percentile(load.pings, 50))}  p99 ${ms(percentile(load.pings, 99))}   ratio ${(percentile(load.pings, 99) / percentile(idle, 99)).toFixed(2)} (target p99 <= 5 ms)`,
    );
    console.log(`slow commands during search load (> 5 ms): ${describeSlow(slowSearch)}`);
    const deep = await deepPages(search);
    console.log(
      `deep pages (${deep.pages} pages of 20): first page p50 ${ms(deep.first)}, later pages p50 ${ms(deep.deep)}, ratio ${(deep.deep / deep.first).toFixed(2)} (target <= 1)`,
    );
  } finally {
    redis.disconnect();
    server.process.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
