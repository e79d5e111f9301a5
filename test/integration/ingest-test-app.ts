// Starts the ingest HTTP service in-process, the way its main.ts does, on a free port of 127.0.0.1.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@cleanwire/config';
import { hashApiKey } from '@cleanwire/http';
import { createLogger } from '@cleanwire/logging';
import { IngestConfigSchema } from '../../apps/ingest/src/ingest.config';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { type RunningKafka, type RunningRedis, startKafka, startRedis } from '../harness';

export const TEST_API_KEY = 'test-key-for-ingest';
export const OTHER_API_KEY = 'second-test-key';

export interface RunningIngest {
  app: NestFastifyApplication;
  url: string;
  /** POSTs to /v1/feeds with the test API key unless the headers say otherwise. */
  post(body: string | Buffer | Uint8Array, headers: Record<string, string>, query?: string): Promise<Response>;
}

export async function startIngest(env: Record<string, string>): Promise<RunningIngest> {
  const config = loadConfig(IngestConfigSchema, {
    KAFKA_IDEMPOTENT_PRODUCER: 'false',
    INGEST_API_KEYS: `test:${hashApiKey(TEST_API_KEY)},other:${hashApiKey(OTHER_API_KEY)}`,
    ...env,
  });
  const app = await createIngestApp(config, createLogger('ingest', 'silent'));
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url,
    post: (body, headers, query = '?source=Wire') =>
      fetch(`${url}/v1/feeds${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, ...headers },
        body,
      }),
  };
}

export interface IngestStack {
  kafka: RunningKafka;
  redis: RunningRedis;
  ingest: RunningIngest;
}

/** A real broker, a real Redis and an in-process ingest wired to both; `env` adds or overrides ingest settings. */
export async function startIngestStack(env: Record<string, string> = {}): Promise<IngestStack> {
  const [kafka, redis] = await Promise.all([startKafka(), startRedis()]);
  const ingest = await startIngest({ KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: redis.url, ...env });
  return { kafka, redis, ingest };
}

export async function stopIngestStack(stack: Partial<IngestStack>): Promise<void> {
  await stack.ingest?.app.close();
  await Promise.all([stack.kafka?.stop(), stack.redis?.stop()]);
}
