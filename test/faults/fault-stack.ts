// The whole pipeline as processes (from dist/, as production runs it) against a real Redis and Kafka-protocol broker,
// for suites that kill, freeze and restart its parts. Figures a suite measures are printed as `[faults] ...` lines.
import { createHash } from 'node:crypto';
import { type RunningKafka, type RunningRedis, startKafka, startRedis } from '../harness';
import { type RunningService, type ServiceName, startService } from '../e2e/service-processes';

export const API_KEY = 'fault-suite-key';

export interface FaultStack {
  redis: RunningRedis;
  kafka: RunningKafka;
  env: Record<string, string>;
  services: Record<ServiceName, RunningService>;
  /** Starts the service again (after it was killed or stopped), with the same settings. */
  restart(name: ServiceName): Promise<RunningService>;
  /** Every service's output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const NAMES: readonly ServiceName[] = ['normalizer', 'indexer', 'ingest', 'query'];

/** Redis, a broker and the four services; `env` adds settings for every service. */
export async function startFaultStack(options: {
  appendOnly?: boolean;
  env?: Record<string, string>;
}): Promise<FaultStack> {
  const [redis, kafka] = await Promise.all([startRedis({ appendOnly: options.appendOnly }), startKafka()]);
  const env = {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_IDEMPOTENT_PRODUCER: 'false',
    REDIS_URL: redis.url,
    INGEST_API_KEYS: `faults:${createHash('sha256').update(API_KEY).digest('hex')}`,
    INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    // What `npm start` sets for this broker: it waits twice the session timeout for a dead member.
    KAFKA_SESSION_TIMEOUT_MS: '4000',
    ...options.env,
  };
  const services = {} as Record<ServiceName, RunningService>;
  const earlier: string[] = [];
  const stack: FaultStack = {
    redis,
    kafka,
    env,
    services,
    async restart(name) {
      earlier.push(`--- ${name} (before its restart)\n${services[name].output()}`);
      services[name] = await startService(name, env);
      return services[name];
    },
    output: () =>
      [
        ...earlier,
        ...NAMES.filter((name) => services[name]).map((name) => `--- ${name}\n${services[name].output()}`),
      ].join('\n'),
    async stop() {
      await Promise.all(Object.values(services).map((service) => service.stop()));
      await Promise.all([redis.stop(), kafka.stop()]);
    },
  };
  try {
    const started = await Promise.all(NAMES.map((name) => startService(name, env)));
    for (const service of started) services[service.name] = service;
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

/** Runs a test body; on failure, prints every service's output before the error. */
export async function withServiceOutput(stack: FaultStack, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    process.stderr.write(`${stack.output()}\n`);
    throw error;
  }
}

/** `it` for a fault suite: prints every service's output when the test fails. */
export function faultTest(
  stack: () => FaultStack,
): (name: string, body: () => Promise<void>, timeoutMs: number) => void {
  return (name, body, timeoutMs) => it(name, () => withServiceOutput(stack(), body), timeoutMs);
}

/** Polls until the probe returns a value, or fails naming what it waited for. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface ConsumerHealth {
  state: string;
  batches: number;
  records: number;
  deadLetters: number;
  restarts: number;
}

/** A worker's consumer figures from its health endpoint. */
export async function consumerHealth(worker: RunningService): Promise<ConsumerHealth> {
  const body = (await (await fetch(`${worker.url}/health`)).json()) as { consumer: ConsumerHealth };
  return body.consumer;
}

/** Posts JSON articles to ingest. */
export function postArticles(ingestUrl: string, articles: ReadonlyArray<Record<string, unknown>>): Promise<Response> {
  return fetch(`${ingestUrl}/v1/feeds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(articles),
    signal: AbortSignal.timeout(30_000),
  });
}

/** Every story id of a source, through the query service's pages. */
export async function storyIdsOf(queryUrl: string, source: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = `${queryUrl}/v1/stories?source=${encodeURIComponent(source)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(page);
    if (!response.ok) throw new Error(`GET ${page}: ${response.status}`);
    const body = (await response.json()) as { stories: Array<{ id: string }>; nextCursor: string | null };
    ids.push(...body.stories.map((story) => story.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

/** Prints a figure the issue asks for, with what measured it. */
export function report(line: string): void {
  process.stderr.write(`[faults] ${line}\n`);
}

/** Milliseconds since `start`, as seconds with two decimals. */
export function secondsSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(2)} s`;
}
