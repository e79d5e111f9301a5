import { ARTICLES_RAW_V1, type RawArticle } from '@cleanwire/contracts';
import type { RunningKafka, RunningRedis } from '../harness';
import { freePort } from '../harness/docker';
import { readTopic } from './kafka-records';
import { type RunningIngest, startIngest, startIngestStack, stopIngestStack, TEST_API_KEY } from './ingest-test-app';

const post = (url: string, body: string, contentType: string) =>
  fetch(`${url}/v1/feeds?source=Wire`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${TEST_API_KEY}` },
    body,
  });

describe('ingest over HTTP with a real broker', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack({
      INGEST_MAX_BODY_BYTES: '20000',
    }));
  }, 60_000);

  afterAll(async () => {
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it('publishes each accepted article keyed by its id before answering 202', async () => {
    const articles = [
      { source: 'Wire', url: 'https://example.org/a', headline: 'First', body: 'Alpha paragraph.' },
      { source: 'Wire', headline: 'Second', body: 'Beta paragraph.', publishedAt: '2026-11-20T10:00:00+01:00' },
    ];
    const response = await post(ingest.url, JSON.stringify(articles), 'application/json');
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { ids: string[]; accepted: Array<{ index: number; id: string }> };
    expect(receipt.accepted.map((item) => item.index)).toEqual([0, 1]);

    const records = await readTopic(kafka.brokers, ARTICLES_RAW_V1, 2);
    const published = records.map((record) => JSON.parse(record.value) as RawArticle);
    expect(records.map((record) => record.key).sort()).toEqual([...receipt.ids].sort());
    expect(published.find((article) => article.id === receipt.ids[1])).toMatchObject({
      headline: 'Second',
      body: 'Beta paragraph.',
      publishedAt: '2026-11-20T09:00:00.000Z',
      format: 'json',
    });
  });

  it('gives the same ids to the same articles posted twice', async () => {
    const feed = JSON.stringify({ source: 'Wire', url: 'https://example.org/same', headline: 'Same', body: 'Text.' });
    const first = (await (await post(ingest.url, feed, 'application/json')).json()) as { ids: string[] };
    const second = (await (await post(ingest.url, feed, 'application/json')).json()) as { ids: string[] };
    expect(second.ids).toEqual(first.ids);
  });

  it('accepts the good items of a feed, drops an unreadable date, and lists the bad items with index and reason', async () => {
    const feed = JSON.stringify([
      { source: 'Wire', headline: 'Good', body: 'Fine text.' },
      { source: 'Wire', headline: 'No body' },
      { source: 'Wire', body: 'Bad date.', publishedAt: 'yesterday' },
    ]);
    const response = await post(ingest.url, feed, 'application/json');
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { ids: string[]; rejected: Array<{ index: number; reason: string }> };
    // An unreadable date is never a reason to refuse the story: it is dropped, and the story notes it.
    expect(receipt.ids).toHaveLength(2);
    expect(receipt.rejected).toEqual([{ index: 1, reason: expect.stringContaining('body') }]);
  });

  it.each([
    ['malformed JSON', '{"source":', 'application/json', 400, 'not valid JSON'],
    ['a feed with no valid item', '[{"source":"Wire"}]', 'application/json', 400, 'no valid article'],
    ['an empty body', '', 'text/plain', 400, 'empty'],
    ['an unsupported content type', 'a: 1', 'application/yaml', 415, 'application/yaml'],
    ['a body over the size limit', 'x'.repeat(30_000), 'text/plain', 413, 'exceeds the limit of 20000 bytes'],
  ])('refuses %s with a status and a message naming the problem', async (_case, body, contentType, status, message) => {
    const response = await post(ingest.url, body, contentType);
    expect(response.status).toBe(status);
    const error = (await response.json()) as { statusCode: number; message: string };
    expect(error.statusCode).toBe(status);
    expect(error.message.toLowerCase()).toContain(message.toLowerCase());
  });

  it('requires a source for a text dump', async () => {
    const response = await ingest.post('Headline\n\nBody.', { 'content-type': 'text/plain' }, '');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'source', message: expect.stringContaining('source') });
  });

  it('answers 503 with Retry-After, never 202, when the broker cannot be reached', async () => {
    const deadPort = await freePort();
    const offline = await startIngest({
      KAFKA_BROKERS: `127.0.0.1:${deadPort}`,
      REDIS_URL: redis.url,
      INGEST_PUBLISH_TIMEOUT_MS: '1000',
    });
    try {
      const response = await post(offline.url, JSON.stringify({ source: 'Wire', body: 'Lost?' }), 'application/json');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { message: string }).message).toMatch(/kafka|broker/i);
    } finally {
      await offline.app.close();
    }
  }, 60_000);
});
