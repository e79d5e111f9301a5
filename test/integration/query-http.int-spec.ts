// The query service over HTTP against a real Redis: the query language's parameters, and deadlines: a Redis that
// hangs (frozen, connections open) gets a 503 with Retry-After within 2 s, never a hang.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@cleanwire/config';
import { createHttpService } from '@cleanwire/http';
import { createLogger } from '@cleanwire/logging';
import { createRedisStoreClient, type RedisClient } from '@cleanwire/redis';
import { RedisStoryStore } from '@cleanwire/story-index';
import { QueryConfigSchema } from '../../apps/query/src/query.config';
import { QueryModule } from '../../apps/query/src/query.module';
import { startRedis, type RunningRedis } from '../harness/redis';
import { story } from './story-index-suite';

describe('query service over HTTP (real Redis)', () => {
  let redis: RunningRedis;
  let client: RedisClient;
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    redis = await startRedis();
    client = createRedisStoreClient(redis.url);
    const config = loadConfig(QueryConfigSchema, { REDIS_URL: redis.url, QUERY_PORT: '0' });
    app = await createHttpService({
      module: QueryModule.register(config, createLogger('query', 'silent')),
      logger: createLogger('query', 'silent'),
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    await new RedisStoryStore(client).saveBatch([
      story({
        id: 'a',
        source: 'wire',
        headline: 'Election day',
        body: ['Voters queue early.'],
        publishedAt: '2024-03-01T08:00:00Z',
      }),
      story({
        id: 'b',
        source: 'desk',
        headline: 'Elections ahead',
        body: ['Parties campaign.'],
        publishedAt: '2024-03-03T08:00:00Z',
      }),
      story({
        id: 'c',
        source: 'agency',
        headline: 'Rain',
        body: ['Election posters wet.'],
        publishedAt: '2024-03-05T08:00:00Z',
      }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    client?.disconnect();
    await redis?.stop();
  });

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const ids = (body: Record<string, unknown>) => (body.stories as Array<{ id: string }>).map((s) => s.id);

  it('searches with several sources (repeated or comma-separated), a time range and a sort order', async () => {
    const both = await get('/v1/search?q=election&source=wire&source=desk&sort=newest');
    expect(both.status).toBe(200);
    expect(ids(both.body)).toEqual(['b', 'a']);
    expect(both.body).toMatchObject({ total: 2, totalIsEstimate: false, nextCursor: null });
    expect(ids((await get('/v1/search?q=election&source=wire,agency&sort=newest')).body)).toEqual(['c', 'a']);
    expect(ids((await get('/v1/search?q=election&from=2024-03-02&to=2024-03-04')).body)).toEqual(['b']);
    const [hit] = (await get('/v1/search?q=voters')).body.stories as Array<{ snippet: string; score: number }>;
    expect(hit?.snippet).toBe('<mark>Voters</mark> queue early.');
  });

  it('lists stories of several sources in a time range', async () => {
    expect(ids((await get('/v1/stories?source=agency,desk')).body)).toEqual(['c', 'b']);
    expect(ids((await get('/v1/stories?to=2024-03-02T00:00:00Z')).body)).toEqual(['a']);
  });

  it('says what is wrong with a parameter', async () => {
    const long = await get(`/v1/search?q=${'a'.repeat(501)}`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ field: 'q', message: 'q: must be at most 500 characters' });
    expect((await get('/v1/search')).body).toMatchObject({ field: 'q', message: 'q: is required' });
    expect((await get('/v1/search?q=x&sort=oldest')).body).toMatchObject({ field: 'sort' });
    expect((await get('/v1/stories?from=yesterday')).body).toMatchObject({ field: 'from' });
  });

  it('answers 503 with Retry-After within 2 s while Redis hangs, and recovers when it answers again', async () => {
    await redis.freeze();
    try {
      for (const path of ['/v1/search?q=election', '/v1/stories', '/v1/stories/a']) {
        const started = Date.now();
        const response = await get(path);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      await redis.thaw();
    }
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) status = (await get('/v1/search?q=election')).status;
    expect(status).toBe(200);
  }, 30_000);
});
