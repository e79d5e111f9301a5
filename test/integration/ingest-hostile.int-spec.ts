// Replays the hostile-input manifest (test/corpus/hostile/cases.json) over HTTP: every case gets its status and
// message, and the service keeps answering afterwards. Cases marked layer "http" are decided by the service, not by
// readFeed (before the feed parsers, or by ingest's NDJSON stream reader);
// "raw" cases are sent byte for byte (no HTTP client would send them); "service": "query" cases go to the query service.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@cleanwire/config';
import { createHttpService } from '@cleanwire/http';
import { createLogger } from '@cleanwire/logging';
import { QueryConfigSchema } from '../../apps/query/src/query.config';
import { QueryModule } from '../../apps/query/src/query.module';
import type { RunningKafka, RunningRedis } from '../harness';
import { type HostileCase, hostileBody, hostileCases, hostileQuery } from '../corpus/hostile/hostile-case';
import { type RunningIngest, startIngestStack, stopIngestStack, TEST_API_KEY } from './ingest-test-app';
import { sendRaw } from './raw-http';

const cases = hostileCases();

/** What the service answered: status and error message. */
async function answer(baseUrl: string, hostile: HostileCase): Promise<{ status: number; message: string }> {
  if (hostile.raw) {
    const raw = await sendRaw(baseUrl, hostileBody(hostile));
    return { status: raw.status, message: (JSON.parse(raw.body) as { message?: string }).message ?? '' };
  }
  const headers: Record<string, string> = { authorization: `Bearer ${TEST_API_KEY}` };
  if (hostile.contentType) headers['content-type'] = hostile.contentType;
  if (hostile.contentEncoding) headers['content-encoding'] = hostile.contentEncoding;
  if (hostile.apiKey !== undefined) headers.authorization = hostile.apiKey === null ? '' : `Bearer ${hostile.apiKey}`;
  const path = hostile.path ?? `/v1/feeds${hostileQuery(hostile)}`;
  const response = await fetch(`${baseUrl}${path}`, {
    method: hostile.method ?? 'POST',
    headers,
    body: hostileBody(hostile),
  });
  return { status: response.status, message: ((await response.json()) as { message?: string }).message ?? '' };
}

(cases.length > 0 ? describe : describe.skip)('the hostile corpus over HTTP', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;
  let query: NestFastifyApplication;
  const urls: Record<'ingest' | 'query', string> = { ingest: '', query: '' };

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack({
      // Every case is its own request; the replay must not run into the rate limit.
      INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    }));
    const logger = createLogger('query', 'silent');
    query = await createHttpService({
      module: QueryModule.register(loadConfig(QueryConfigSchema, { REDIS_URL: redis.url }), logger),
      logger,
    });
    await query.listen(0, '127.0.0.1');
    urls.ingest = ingest.url;
    urls.query = await query.getUrl();
  }, 60_000);

  afterAll(async () => {
    await query?.close();
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it('holds at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((hostile) => [`${hostile.name} (${hostile.layer ?? 'feeds'})`, hostile] as const))(
    '%s',
    async (_name, hostile) => {
      const service = hostile.service ?? 'ingest';
      expect(await answer(urls[service], hostile)).toEqual({
        status: hostile.status,
        message: expect.stringMatching(new RegExp(escape(hostile.message), 'i')),
      });
      // Still answering: the case neither crashed nor wedged the service.
      expect((await fetch(`${urls[service]}/health`)).status).toBe(200);
    },
    30_000,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
