import Redis from 'ioredis';
import { ARTICLES_RAW_V1, type RawArticle } from '@cleanwire/contracts';
import type { RunningKafka, RunningRedis } from '../harness';
import { readWholeTopic } from './kafka-records';
import { hashApiKey } from '@cleanwire/http';
import { OTHER_API_KEY, type RunningIngest, startIngest, startIngestStack, stopIngestStack } from './ingest-test-app';

async function countFrom(brokers: string[], source: string): Promise<number> {
  const records = await readWholeTopic(brokers, ARTICLES_RAW_V1);
  return records.filter((record) => (JSON.parse(record.value) as RawArticle).source === source).length;
}

const json = { 'content-type': 'application/json' };

describe('ingest write guards: API keys, idempotency keys and rate limits', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;

  let keyValueStore: Redis;

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack());
    keyValueStore = new Redis(redis.url);
  }, 60_000);

  afterAll(async () => {
    keyValueStore?.disconnect();
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it('answers 401 with WWW-Authenticate without a key and 403 for a wrong one', async () => {
    const none = await fetch(`${ingest.url}/v1/feeds`, { method: 'POST', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { message: string }).message).toContain('Authorization: Bearer');
    const wrong = await ingest.post('{}', { ...json, authorization: 'Bearer not-the-key' });
    expect(wrong.status).toBe(403);
    const health = await fetch(`${ingest.url}/health`);
    expect(health.status).toBe(200);
  });

  it('returns the first response to a retry with the same Idempotency-Key and publishes once', async () => {
    const source = 'Idempotent once';
    const body = JSON.stringify({ source, headline: 'Once', body: 'Only once.' });
    const headers = { ...json, 'idempotency-key': 'retry-1' };
    const first = await ingest.post(body, headers);
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    const retry = await ingest.post(body, headers);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(firstBody);
    expect(await countFrom(kafka.brokers, source)).toBe(1);
    // Keys are per API key: another client's same key is its own request.
    const other = await ingest.post(body, { ...headers, authorization: `Bearer ${OTHER_API_KEY}` });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays a refusal too, and refuses the same key with a different body with a 422', async () => {
    const headers = { ...json, 'idempotency-key': 'retry-2' };
    const first = await ingest.post('[{"source":"Wire"}]', headers);
    expect(first.status).toBe(400);
    const again = await ingest.post('[{"source":"Wire"}]', headers);
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const changed = await ingest.post('[{"source":"Wire","body":"Now valid."}]', headers);
    expect(changed.status).toBe(422);
    expect(((await changed.json()) as { message: string }).message).toContain('different request');
  });

  it('answers 409 to a duplicate while the first request is still in flight', async () => {
    const source = 'Idempotent concurrent';
    const headers = { 'content-type': 'application/x-ndjson', 'idempotency-key': 'in-flight-1' };
    // The first request's body arrives slowly, so it is still being read when the duplicate comes.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(`{"source":"${source}","body":"One."}\n`));
        await gate;
        controller.enqueue(new TextEncoder().encode(`{"source":"${source}","body":"Two."}\n`));
        controller.close();
      },
    });
    const claims = async (): Promise<number> => (await keyValueStore.keys('cw:idem:*')).length;
    const claimsBefore = await claims();
    const first = fetch(`${ingest.url}/v1/feeds`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer test-key-for-ingest` },
      body: slowBody,
      duplex: 'half',
    });
    // The duplicate goes once the first request holds its claim, however long that took.
    while ((await claims()) === claimsBefore) await new Promise((resolve) => setImmediate(resolve));
    const duplicate = await ingest.post(`{"source":"${source}","body":"One."}\n`, headers);
    expect(duplicate.status).toBe(409);
    release();
    expect((await first).status).toBe(202);
    expect(await countFrom(kafka.brokers, source)).toBe(2);
  });

  it('limits requests per key across two ingest instances sharing Redis, with Retry-After', async () => {
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      REDIS_URL: redis.url,
      INGEST_RATE_LIMIT_PER_MINUTE: '4',
      INGEST_API_KEYS: `limited:${hashApiKey('limited-key')}`,
    };
    const [a, b] = await Promise.all([startIngest(env), startIngest(env)]);
    try {
      const headers = { ...json, authorization: 'Bearer limited-key' };
      const statuses: number[] = [];
      let limited: Response | undefined;
      for (const instance of [a, b, a, b, a, b]) {
        const response = await instance.post('[{"source":"Wire"}]', headers);
        statuses.push(response.status);
        if (response.status === 429) limited ??= response;
      }
      // Four pass (and are refused for their content), then both instances refuse for the rate.
      expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited!.json()) as { message: string }).message).toContain('4 requests per minute');
    } finally {
      await Promise.all([a.app.close(), b.app.close()]);
    }
  });

  it('keeps taking posts without an Idempotency-Key when Redis is down, and answers 503 for one with a key', async () => {
    const offline = await startIngest({ KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const plain = await offline.post('{"source":"No redis","body":"Still in."}', json);
      expect(plain.status).toBe(202);
      const keyed = await offline.post('{"source":"No redis","body":"Keyed."}', { ...json, 'idempotency-key': 'k' });
      expect(keyed.status).toBe(503);
      expect(keyed.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await offline.app.close();
    }
  }, 30_000);
});
