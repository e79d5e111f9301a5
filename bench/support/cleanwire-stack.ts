// cleanwire as it runs in production, for a benchmark: the built services (dist/) as processes on a broker and a
// Redis of the benchmark's own, and what a load generator needs of them (posting, progress, the story index).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { StoryIndexModule, StoryStore } from '@cleanwire/story-index';
import { type RunningService, type ServiceName, startService } from '../../test/e2e/service-processes';
import { killOnExit, type LocalKafka, type LocalRedis, startMockKafka, startRedisServer } from './local-stack';
import { envOptions, numberOption } from './load';
import type { ScrapedArticle } from './scraped-articles';

export const BENCH_API_KEY = 'cleanwire-bench-key';

/**
 * The workers' fetch wait on the mock broker, as `npm start` sets it (scripts/up.mjs): the mock holds an empty fetch
 * for the whole wait, so freshness needs a short one. Real Kafka answers a fetch as soon as a record arrives.
 */
export const MOCK_FETCH_WAIT_MS = 20;

/** The workers' fetch wait: `--fetch-wait MS`, or the mock's. Baselines consume with the same wait. */
export function fetchWaitOption(): number {
  return numberOption('fetch-wait', MOCK_FETCH_WAIT_MS);
}

export interface CleanwireStack {
  kafka: LocalKafka;
  redis: LocalRedis;
  services: Map<ServiceName, RunningService>;
  service(name: ServiceName): RunningService;
  stop(): Promise<void>;
}

export interface StackOptions {
  services: readonly ServiceName[];
  /** Where each service's log goes (`<name>.log`). */
  logDir: string;
  /** Settings for every service, beside the broker, Redis and the benchmark's API key. */
  env?: Record<string, string>;
  /** Extra node options per service, e.g. a preloaded profiler. */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Settings for one service only. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** Starts a fresh broker and Redis, then the services (workers first, so they are in their groups before posts). */
export async function startCleanwire(options: StackOptions): Promise<CleanwireStack> {
  mkdirSync(options.logDir, { recursive: true });
  const [kafka, redis] = await Promise.all([startMockKafka(), startRedisServer()]);
  const services = new Map<ServiceName, RunningService>();
  const stop = async (): Promise<void> => {
    await Promise.all([...services.values()].map((service) => service.stop()));
    await Promise.all([kafka.stop(), redis.stop()]);
  };
  try {
    const keys = `bench:${createHash('sha256').update(BENCH_API_KEY).digest('hex')}`;
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_IDEMPOTENT_PRODUCER: 'false',
      REDIS_URL: redis.url,
      INGEST_API_KEYS: keys,
      MONITOR_API_KEYS: keys,
      // The benchmark is one client posting as fast as it can: the per-key rate limit is not what is measured.
      INGEST_RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
      LOG_LEVEL: 'info',
      ...options.env,
      // `--env NAME=VALUE` on the benchmark's command line: a configuration to try.
      ...envOptions(),
    };
    for (const name of options.services) {
      // The monitor reads freshness from the indexer's metrics.
      const indexer = services.get('indexer');
      const monitorEnv: Record<string, string> = indexer ? { MONITOR_METRICS_URLS: `${indexer.url}/metrics` } : {};
      const own = { ...(name === 'monitor' ? monitorEnv : {}), ...options.serviceEnv?.[name] };
      const service = await startService(
        name,
        { ...env, ...own },
        {
          nodeArgs: options.nodeArgs?.[name],
          cwd: options.logDir,
          logFile: path.join(options.logDir, `${name}.log`),
        },
      );
      killOnExit(service.pid);
      services.set(name, service);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kafka,
    redis,
    services,
    service(name) {
      const service = services.get(name);
      if (!service) throw new Error(`${name} was not started`);
      return service;
    },
    stop,
  };
}

/** Posts articles as one JSON feed; resolves with the accepted ids once ingest answered 202. */
export async function postArticles(ingestUrl: string, articles: readonly ScrapedArticle[]): Promise<string[]> {
  const response = await fetch(`${ingestUrl}/v1/feeds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
    body: JSON.stringify(articles),
  });
  const body = (await response.json()) as { ids?: string[]; rejected?: unknown[]; message?: string };
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${body.message ?? ''}`);
  if (body.rejected?.length) throw new Error(`ingest rejected articles: ${JSON.stringify(body.rejected)}`);
  return body.ids ?? [];
}

/** How often a benchmark reads a service's metrics for its progress: rendering them costs the service CPU. */
export const METRICS_POLL_MS = 200;

/** The sum of a counter over its label sets in a service's Prometheus text, 0 when absent. */
export async function readCounter(serviceUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  let sum = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(match[1]);
  return sum;
}

/** Reads stories the way the query service does, through the story index on the stack's Redis. */
export interface StoryProbe {
  /** Which of these ids are queryable, in order. */
  queryable(ids: readonly string[]): Promise<boolean[]>;
  close(): Promise<void>;
}

export async function openStoryProbe(redisUrl: string): Promise<StoryProbe> {
  const context = await NestFactory.createApplicationContext(StoryIndexModule.forRoot({ url: redisUrl }), {
    logger: false,
  });
  const store = context.get(StoryStore);
  return {
    async queryable(ids) {
      return Promise.all(ids.map(async (id) => (await store.get(id)) !== null));
    },
    close: () => context.close(),
  };
}
