// Freshness under open-loop load, for bench/freshness and bench/soak: how long after its acknowledgement an item is
// visible downstream, through cleanwire (post-202 to queryable) and through the bare relay (produce ack to Redis).
import path from 'node:path';
import type { ServiceName } from '../../test/e2e/service-processes';
import { startBareRelay } from './bare-relay';
import { METRICS_POLL_MS, openStoryProbe, postArticles, readCounter, startCleanwire } from './cleanwire-stack';
import { chunk, closedLoop, sleep } from './load';
import { freshness, type ItemRecord, openLoop, type OpenLoopResult, summarize } from './open-loop';
import { processStats } from './process-stats';
import { ScrapedArticles } from './scraped-articles';

export interface FreshnessOptions {
  rate: number;
  seconds: number;
  perRequest: number;
  fetchWaitMs: number;
  logDir: string;
}

export interface FreshnessRun extends OpenLoopResult {
  /** Acknowledged items never seen downstream. */
  lost: number;
  /** Each process's resident memory once a second while the load ran (MB by name). */
  rssSamples: Array<{ second: number; rss: Record<string, number> }>;
  /** Each process's peak resident memory (VmHWM) at the end. */
  peakRss: Record<string, number>;
  /** Each process's CPU while the load ran, and idle afterwards, in percent of one core. */
  busyCpu: Record<string, number>;
  idleCpu: Record<string, number>;
}

const WARMUP_ARTICLES = 1000;
const IDLE_SECONDS = 10;
export const MONITORED: readonly ServiceName[] = ['ingest', 'normalizer', 'indexer', 'query', 'monitor'];

/** Open-loop load through cleanwire: JSON feeds posted to ingest, each story looked for in the story index. */
export async function cleanwireFreshness(options: FreshnessOptions): Promise<FreshnessRun> {
  const stack = await startCleanwire({
    services: ['normalizer', 'indexer', 'ingest', 'query', 'monitor'],
    logDir: options.logDir,
    env: { KAFKA_FETCH_MAX_WAIT_MS: String(options.fetchWaitMs) },
  });
  const probe = await openStoryProbe(stack.redis.url);
  try {
    const ingest = stack.service('ingest').url;
    const articles = new ScrapedArticles(path.basename(options.logDir));
    const stored = () => readCounter(stack.service('indexer').url, 'cleanwire_stories_stored_total');
    await closedLoop({
      batches: chunk(articles.take(WARMUP_ARTICLES), 100),
      size: (batch) => batch.length,
      inFlight: 2,
      window: 1000,
      send: async (batch) => void (await postArticles(ingest, batch)),
      completed: stored,
      pollMs: METRICS_POLL_MS,
    });
    const pids = Object.fromEntries(MONITORED.map((name) => [name, stack.service(name).pid]));
    return await measure({ ...pids, redis: stack.redis.pid }, options, {
      next: () => articles.next(),
      send: (batch) => postArticles(ingest, batch),
      visible: (ids) => probe.queryable(ids),
    });
  } finally {
    await probe.close();
    await stack.stop();
  }
}

/** The same load through the bare two-hop relay: produced with acks -1, looked for in the sink's Redis. */
export async function relayFreshness(options: FreshnessOptions): Promise<FreshnessRun> {
  const relay = await startBareRelay(options.fetchWaitMs);
  try {
    const articles = new ScrapedArticles(`relay-${path.basename(options.logDir)}`);
    const message = (article: ReturnType<ScrapedArticles['next']>) => ({
      key: article.url,
      value: JSON.stringify(article),
    });
    await closedLoop({
      batches: chunk(articles.take(WARMUP_ARTICLES).map(message), 100),
      size: (batch) => batch.length,
      inFlight: 2,
      window: 1000,
      send: (batch) => relay.send(batch),
      completed: () => relay.stored(),
    });
    const pids = { relay: relay.stages.relay.pid, sink: relay.stages.sink.pid, redis: relay.redis.pid };
    return await measure(pids, options, {
      next: () => articles.next(),
      send: async (batch) => {
        await relay.send(batch.map(message));
        return batch.map((article) => article.url);
      },
      visible: (keys) => relay.written(keys),
    });
  } finally {
    await relay.stop();
  }
}

async function measure<T>(
  pids: Record<string, number>,
  options: FreshnessOptions,
  io: {
    next(): T;
    send(items: T[]): Promise<string[]>;
    visible(keys: readonly string[]): Promise<boolean[]>;
  },
): Promise<FreshnessRun> {
  const rssSamples: FreshnessRun['rssSamples'] = [];
  const cpuBefore = cpuOf(pids);
  const loadStarted = Date.now();
  const result = await openLoop({
    ...io,
    rate: options.rate,
    seconds: options.seconds,
    perRequest: options.perRequest,
    everySecond(second) {
      const rss: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) rss[name] = (processStats(pid)?.rssBytes ?? 0) / 2 ** 20;
      rssSamples.push({ second, rss });
    },
  });
  const busyCpu = cpuPercent(cpuBefore, cpuOf(pids), (Date.now() - loadStarted) / 1000);
  const peakRss = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, (processStats(pid)?.peakRssBytes ?? 0) / 2 ** 20]),
  );
  const idleBefore = cpuOf(pids);
  await sleep(IDLE_SECONDS * 1000);
  const idleCpu = cpuPercent(idleBefore, cpuOf(pids), IDLE_SECONDS);
  const lost = [...result.items.values()].filter((item) => item.visibleAt === undefined).length;
  return { ...result, lost, rssSamples, peakRss, busyCpu, idleCpu };
}

function cpuOf(pids: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processStats(pid)?.cpuSeconds ?? 0]));
}

function cpuPercent(before: Record<string, number>, after: Record<string, number>, seconds: number) {
  return Object.fromEntries(
    Object.keys(before).map((name) => [name, (((after[name] ?? 0) - (before[name] ?? 0)) / seconds) * 100]),
  );
}

/** One line per window of the load: offered and achieved rates and freshness, so growing latency shows. */
export function windows(run: FreshnessRun, seconds: number, windowSeconds: number): string[] {
  const lines: string[] = [];
  const items = [...run.items.values()];
  for (let start = 0; start < seconds; start += windowSeconds) {
    const inWindow = (at: number) => at >= start * 1000 && at < (start + windowSeconds) * 1000;
    const requests = run.requests.filter((request) => inWindow(request.sentAt));
    const sent = items.filter((item) => inWindow(item.request.sentAt));
    const visibleRate = items.filter((item) => item.visibleAt !== undefined && inWindow(item.visibleAt)).length;
    const fresh = summarize(freshness(sent));
    const acks = summarize(
      requests.flatMap((request) => (request.ackedAt === undefined ? [] : [request.ackedAt - request.sentAt])),
    );
    lines.push(
      `  ${`${start}-${start + windowSeconds} s`.padEnd(10)} requests ${String(requests.length).padStart(5)}` +
        `  acked in p50 ${ms(acks.p50)} p99 ${ms(acks.p99)}` +
        `  visible/s ${(visibleRate / windowSeconds).toFixed(0).padStart(5)}` +
        `  freshness p50 ${ms(fresh.p50)} p99 ${ms(fresh.p99)} max ${ms(fresh.max)}`,
    );
  }
  return lines;
}

export function ms(value: number): string {
  return Number.isNaN(value) ? '    -' : `${value.toFixed(0).padStart(5)} ms`;
}

/** Items per second acknowledged, and visible, between the first request and the end of the load. */
export function achieved(run: FreshnessRun): { acked: number; visible: number } {
  const items = [...run.items.values()];
  const seconds = run.loadEndedAt / 1000;
  const ackedInLoad = items.filter((item) => (item.request.ackedAt ?? Infinity) <= run.loadEndedAt).length;
  const visibleInLoad = items.filter((item: ItemRecord) => (item.visibleAt ?? Infinity) <= run.loadEndedAt).length;
  return { acked: ackedInLoad / seconds, visible: visibleInLoad / seconds };
}
