/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// The story index against a real redis-server started here on 127.0.0.1: write throughput and CPU per story, memory
// per story, search latency through the query service over HTTP (as a user sees it) while an indexer writes, other
// clients' PING latency meanwhile, slow commands, and deep pages. Each figure is printed beside a baseline measured in
// the same run and beside its target.
//   npm run build && npm run bench:index                      # 100k stories
//   npm run build && npm run bench:index -- --stories 1000000 # 1M (a longer run)
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import type { CleanStory } from '@cleanwire/contracts';
import { RedisStoryStore, StoryIndexer } from '@cleanwire/story-index';
import { StoryCorpus } from './story-corpus';

const { values: args } = parseArgs({
  options: {
    stories: { type: 'string', default: '100000' },
    shards: { type: 'string', default: '1' },
    batch: { type: 'string', default: '500' },
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '30' },
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
/** The baseline's rate and bytes per story come from at most this many stories (the same ones the index gets first). */
const BASELINE_STORIES = Math.min(STORIES, 100_000);
/** On 2 cores at 5,000 stories/s, each of the indexer and Redis has about this much CPU per story. */
const CPU_BUDGET_US = 200;
const SEARCH_TARGET_MS = STORIES >= 1_000_000 ? 50 : 20;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;
/** The machine's 1-minute load average: the figures are only as quiet as the machine was. */
const machineLoad = (): string => `load average ${(loadavg()[0] ?? 0).toFixed(2)} on ${cpus().length} cores`;
const pad = (value: number | string, width = 8): string => String(value).padStart(width);

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

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startRedis(): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined); // refused until redis-server listens
  await until('redis-server to start', async () => {
    await probe.connect().catch(() => undefined);
    return (await probe.ping()) === 'PONG' ? true : undefined;
  });
  probe.disconnect();
  return { port, process: child };
}

async function redisInfo(redis: Redis): Promise<{ memory: number; cpuSeconds: number }> {
  const info = await redis.info();
  const number = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return { memory: number('used_memory'), cpuSeconds: number('used_cpu_user') + number('used_cpu_sys') };
}

/** Pairs of batches of generated stories, as two partitions deliver them; generation is not timed. */
function* batchPairs(corpus: StoryCorpus, count: number): Generator<CleanStory[][]> {
  for (let n = 0; n < count; n += BATCH * 2) {
    const pair: CleanStory[][] = [];
    for (let b = n; b < Math.min(count, n + BATCH * 2); b += BATCH) {
      pair.push(Array.from({ length: Math.min(BATCH, count - b) }, (_, i) => corpus.story(b + i)));
    }
    yield pair;
  }
}

/** Baseline: the story JSON as the pipeline had it, SET in one pipeline per batch. */
async function baselineWrites(redis: Redis, corpus: StoryCorpus): Promise<{ rate: number; bytes: number }> {
  const before = (await redisInfo(redis)).memory;
  let elapsed = 0;
  for (const pair of batchPairs(corpus, BASELINE_STORIES)) {
    for (const batch of pair) {
      const t0 = performance.now();
      const pipeline = redis.pipeline();
      for (const story of batch) pipeline.set(`raw:${story.id}`, JSON.stringify(story));
      await pipeline.exec();
      elapsed += performance.now() - t0;
    }
  }
  return {
    rate: BASELINE_STORIES / (elapsed / 1000),
    bytes: ((await redisInfo(redis)).memory - before) / BASELINE_STORIES,
  };
}

/** Indexes every story through one StoryIndexer, two batches in flight; then waits for the merges they caused. */
async function indexWrites(redis: Redis, store: RedisStoryStore, corpus: StoryCorpus) {
  const indexer = new StoryIndexer(store);
  const redisBefore = (await redisInfo(redis)).cpuSeconds;
  let elapsed = 0;
  let cpu = 0;
  let done = 0;
  for (const pair of batchPairs(corpus, STORIES)) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(pair.map((batch) => indexer.index(batch)));
    const used = process.cpuUsage(cpu0);
    cpu += used.user + used.system;
    elapsed += performance.now() - t0;
    done += pair.reduce((sum, batch) => sum + batch.length, 0);
    if (done % 100_000 < BATCH * 2)
      process.stderr.write(`  indexed ${done} (${(done / (elapsed / 1000)).toFixed(0)}/s)\n`);
  }
  // Merges still running are part of the cost of these writes.
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await store.merger.settle();
  const used = process.cpuUsage(cpu0);
  cpu += used.user + used.system;
  elapsed += performance.now() - t0;
  const redisCpu = ((await redisInfo(redis)).cpuSeconds - redisBefore) * 1e6;
  return { rate: STORIES / (elapsed / 1000), nodeUs: cpu / STORIES, redisUs: redisCpu / STORIES };
}

/** The writer process: indexes new stories at a steady rate while the main process searches. */
async function writerRole(): Promise<void> {
  const redis = new Redis(Number(args.port), '127.0.0.1');
  const indexer = new StoryIndexer(new RedisStoryStore(redis, { shards: SHARDS }));
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

/** The pinger process: another Redis client, in its own process so the load's CPU does not delay it. */
async function pingerRole(): Promise<void> {
  const redis = new Redis(Number(args.port), '127.0.0.1');
  const end = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  while (Date.now() < end) {
    const t0 = performance.now();
    await redis.ping();
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  redis.disconnect();
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

/** The query service as it runs in production, on its own port, reading this Redis. */
async function startQueryService(redisPort: number): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=192', join(__dirname, '..', 'apps', 'query', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        QUERY_HOST: '127.0.0.1',
        QUERY_PORT: String(port),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        STORY_INDEX_SHARDS: String(SHARDS),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await until('the query service to be ready', async () =>
    (await get(url, '/health/ready')).status === 200 ? true : undefined,
  );
  return { url, process: child };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function get(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function searchPath(query: { q: string; sources?: string[]; sort?: string }, cursor?: string): string {
  const params = new URLSearchParams({ q: query.q, limit: '20' });
  if (query.sort) params.set('sort', query.sort);
  for (const source of query.sources ?? []) params.append('source', source);
  if (cursor) params.set('cursor', cursor);
  return `/v1/search?${params.toString()}`;
}

interface SearchReply {
  stories: unknown[];
  nextCursor: string | null;
  totalIsEstimate: boolean;
}

/** `clients` concurrent clients searching for `seconds`, PING from another process meanwhile. */
async function searchLoad(url: string, corpus: StoryCorpus, port: number, clients: number, seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  const slowest: Array<{ ms: number; query: string }> = [];
  let estimated = 0;
  let failed = 0;
  const pings = pingFromAnotherProcess(port, seconds);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const query = corpus.query();
        const t0 = performance.now();
        const response = await get(url, searchPath(query));
        const took = performance.now() - t0;
        if (response.status !== 200) {
          failed++;
          continue;
        }
        latencies.push(took);
        slowest.push({ ms: took, query: JSON.stringify(query) });
        slowest.sort((a, b) => b.ms - a.ms).splice(3);
        if ((JSON.parse(response.body) as SearchReply).totalIsEstimate) estimated++;
      }
    }),
  );
  return { latencies, pings: await pings, estimated, failed, slowest };
}

async function deepPages(url: string): Promise<{ first: number; deep: number; pages: number }> {
  const firsts: number[] = [];
  const deeps: number[] = [];
  let pages = 0;
  for (const q of ['government', 'police report', 'minister']) {
    let cursor: string | undefined;
    for (let page = 1; page <= 25; page++) {
      const t0 = performance.now();
      const result = JSON.parse((await get(url, searchPath({ q }, cursor))).body) as SearchReply;
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
  for (const [, , , command] of entries) {
    const name = String(command[0]).toLowerCase();
    const kind = name === 'evalsha' ? `evalsha(${String(command[2])} keys)` : name;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const slowest = Math.max(...entries.map((entry) => entry[2])) / 1000;
  const top = [...kinds]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([kind, n]) => `${kind} x${n}`);
  return `${entries.length}, slowest ${slowest.toFixed(1)} ms; ${top.join(', ')}`;
}

/** Bytes per story of each kind of key, from MEMORY USAGE (after the timed phases: it reads every field). */
async function memoryByKind(redis: Redis, stories: number): Promise<string[]> {
  const kinds: Array<[string, RegExp]> = [
    ['story records (r:)', /:r:/],
    ['postings segments (x:)', /:x:/],
    ['near-duplicate buckets and state', /:(lsh|near|dup)$/],
    ['recency (t, s:), id entries, doc values, sources', /:(t|ids|src|meta|segs|retired)$|:s:|:v:/],
    ['prefix dictionary', /:dict$/],
  ];
  const sizes = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const kind = kinds.find(([, pattern]) => pattern.test(key))?.[0] ?? 'other';
      const bytes = Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
      sizes.set(kind, (sizes.get(kind) ?? 0) + bytes);
    }
  } while (cursor !== '0');
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, bytes]) => `    ${kind.padEnd(52)} ${pad((bytes / stories).toFixed(0))}`);
}

async function main(): Promise<void> {
  if (args.role === 'writer') return writerRole();
  if (args.role === 'pinger') return pingerRole();
  const started = Date.now();
  const server = await startRedis();
  const redis = new Redis(server.port, '127.0.0.1');
  let query: { url: string; process: ChildProcess } | undefined;
  let writer: ChildProcess | undefined;
  try {
    console.log(
      `stories ${STORIES}, shards ${SHARDS}, batches of ${BATCH} two at a time, ${CLIENTS} search clients for ${SECONDS} s; ${machineLoad()} at the start`,
    );
    const sample = Array.from({ length: 200 }, (_, i) => new StoryCorpus().story(i));
    const textBytes = sample.reduce((sum, story) => sum + Buffer.byteLength(story.text), 0) / sample.length;
    console.log(`mean clean text ${(textBytes / 1024).toFixed(2)} KB per story`);

    const baseline = await baselineWrites(redis, new StoryCorpus());
    await redis.flushall();
    await redis.config('SET', 'slowlog-log-slower-than', '5000');
    await redis.config('SET', 'slowlog-max-len', '10000');
    await redis.slowlog('RESET');
    const empty = (await redisInfo(redis)).memory;
    const store = new RedisStoryStore(redis, {
      shards: SHARDS,
      onBackgroundError: (error) => console.error('merge failed', error),
    });
    const writes = await indexWrites(redis, store, new StoryCorpus());
    const indexingLoad = machineLoad();
    const slow = (await redis.slowlog('GET', 10000)) as SlowEntry[];
    await store.merger.compact(1);
    const indexed = ((await redisInfo(redis)).memory - empty) / STORIES;

    console.log(`\nwrites (stories/s; ${indexingLoad} at the end of indexing)`);
    console.log(`  baseline: pipelined SET of the story JSON          ${pad(baseline.rate.toFixed(0))}`);
    console.log(
      `  index: StoryIndexer.index, merges included          ${pad(writes.rate.toFixed(0))}   ratio ${(writes.rate / baseline.rate).toFixed(2)} (target >= 5000/s)`,
    );
    console.log(
      `  CPU per story: indexer ${writes.nodeUs.toFixed(0)} us, Redis ${writes.redisUs.toFixed(0)} us (budget ${CPU_BUDGET_US} us each at 5000/s on 2 cores)`,
    );
    console.log(`slow commands while indexing (> 5 ms): ${describeSlow(slow)}`);
    console.log('memory per story (bytes, used_memory delta, segments merged)');
    console.log(`  baseline: the story JSON alone                      ${pad(baseline.bytes.toFixed(0))}`);
    console.log(
      `  index: everything                                   ${pad(indexed.toFixed(0))}   ratio ${(indexed / baseline.bytes).toFixed(2)} (target <= 10240)`,
    );

    query = await startQueryService(server.port);
    const idle = await pingFromAnotherProcess(server.port, 3);
    // Baseline: the same query mix from one client, nothing else running: what a query costs the service alone.
    const alone = await searchLoad(query.url, new StoryCorpus({ seed: 98 }), server.port, 1, 10);
    await redis.slowlog('RESET');
    writer = fork(
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
    const load = await searchLoad(query.url, new StoryCorpus({ seed: 99 }), server.port, CLIENTS, SECONDS);
    const searchingLoad = machineLoad();
    writer.kill();
    const slowSearch = (await redis.slowlog('GET', 10000)) as SlowEntry[];
    console.log(
      `\nsearch over HTTP (the query service), ${CLIENTS} concurrent clients, an indexer writing ${WRITER_RATE} stories/s meanwhile: ${load.latencies.length} queries (${(load.latencies.length / SECONDS).toFixed(0)}/s), ${load.estimated} with an estimated total, ${load.failed} failed; ${searchingLoad} at the end`,
    );
    console.log(
      `  baseline, 1 client, no writer (${alone.latencies.length} queries): p50 ${ms(percentile(alone.latencies, 50))}  p95 ${ms(percentile(alone.latencies, 95))}  p99 ${ms(percentile(alone.latencies, 99))}`,
    );
    console.log(
      `  ${CLIENTS} clients, writer:   p50 ${ms(percentile(load.latencies, 50))}  p95 ${ms(percentile(load.latencies, 95))}  p99 ${ms(percentile(load.latencies, 99))}  max ${ms(Math.max(...load.latencies))}   ratio ${(percentile(load.latencies, 99) / percentile(alone.latencies, 99)).toFixed(2)} (target p99 <= ${SEARCH_TARGET_MS} ms)`,
    );
    console.log(`  slowest: ${load.slowest.map(({ ms: took, query: q }) => `${q} ${ms(took)}`).join('; ')}`);
    console.log('PING of another client');
    console.log(`  baseline, idle:       p50 ${ms(percentile(idle, 50))}  p99 ${ms(percentile(idle, 99))}`);
    console.log(
      `  during search load:   p50 ${ms(percentile(load.pings, 50))}  p99 ${ms(percentile(load.pings, 99))}   ratio ${(percentile(load.pings, 99) / percentile(idle, 99)).toFixed(2)} (target p99 <= 5 ms)`,
    );
    console.log(`slow commands during search load (> 5 ms): ${describeSlow(slowSearch)}`);
    const deep = await deepPages(query.url);
    console.log(
      `deep pages (${deep.pages} pages of 20): first page p50 ${ms(deep.first)}, later pages p50 ${ms(deep.deep)}, ratio ${(deep.deep / deep.first).toFixed(2)} (target <= 1)`,
    );
    const count = await store.count();
    console.log(`memory per story by kind of key (MEMORY USAGE, ${count} stories now)`);
    for (const line of await memoryByKind(redis, count)) console.log(line);
    console.log(`\n(${((Date.now() - started) / 60_000).toFixed(1)} minutes)`);
  } finally {
    writer?.kill();
    query?.process.kill();
    redis.disconnect();
    agent.destroy();
    server.process.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
