import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ARTICLES_RAW_V1, type RawArticle } from '@cleanwire/contracts';
import type { RunningKafka, RunningRedis } from '../harness';
import { readWholeTopic } from './kafka-records';
import { type RunningIngest, startIngestStack, stopIngestStack } from './ingest-test-app';

const BODY_LIMIT = 1024 * 1024;

/** The records on the raw-articles topic from one source (each test posts under its own). */
async function publishedFrom(brokers: string[], source: string): Promise<RawArticle[]> {
  const records = await readWholeTopic(brokers, ARTICLES_RAW_V1);
  return records.map((record) => JSON.parse(record.value) as RawArticle).filter((a) => a.source === source);
}

const article = (source: string, n: number) => JSON.stringify({ source, headline: `Story ${n}`, body: `Body ${n}.` });

describe('ingest request bodies: compression and NDJSON streams', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack({
      INGEST_MAX_BODY_BYTES: String(BODY_LIMIT),
      INGEST_NDJSON_MAX_LINES: '6000',
      INGEST_NDJSON_MAX_LINE_BYTES: '4096',
    }));
  }, 60_000);

  afterAll(async () => {
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('reads a %s body', async (coding, compress) => {
    const source = `Compressed ${coding}`;
    const body = compress(Buffer.from(`[${article(source, 1)},${article(source, 2)}]`));
    const response = await ingest.post(body, { 'content-type': 'application/json', 'content-encoding': coding });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { ids: string[] }).ids).toHaveLength(2);
    expect(await publishedFrom(kafka.brokers, source)).toHaveLength(2);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)(
    'refuses a %s decompression bomb with a 413 naming the limit, and keeps answering',
    async (coding, compress) => {
      const bomb = compress(Buffer.alloc(200 * 1024 * 1024, 0x20));
      expect(bomb.length).toBeLessThan(BODY_LIMIT);
      const response = await ingest.post(bomb, { 'content-type': 'text/plain', 'content-encoding': coding });
      expect(response.status).toBe(413);
      const error = (await response.json()) as { message: string };
      expect(error.message).toContain(`limit of ${BODY_LIMIT} bytes`);
      expect(error.message).toContain('decompressed');
      const after = await ingest.post(article('After bomb', 1), { 'content-type': 'application/json' });
      expect(after.status).toBe(202);
    },
  );

  it('refuses an unknown content encoding with a 415 and a corrupt gzip body with a 400', async () => {
    const unknown = await ingest.post('x', { 'content-type': 'text/plain', 'content-encoding': 'compress' });
    expect(unknown.status).toBe(415);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/content encoding compress.*gzip/);
    const corrupt = await ingest.post(Buffer.from('not gzip at all'), {
      'content-type': 'text/plain',
      'content-encoding': 'gzip',
    });
    expect(corrupt.status).toBe(400);
    expect(((await corrupt.json()) as { message: string }).message).toContain('cannot be decompressed');
  });

  it('validates each NDJSON line on its own and answers with accepted and rejected lines by index', async () => {
    const source = 'Ndjson mixed';
    const lines = [
      article(source, 1),
      '{"source":"Ndjson mixed","headline":"No body"}',
      '',
      'not json',
      article(source, 2),
      `{"source":"${source}","body":"${'x'.repeat(5000)}"}`,
    ];
    const response = await ingest.post(lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as {
      ids: string[];
      accepted: Array<{ index: number }>;
      rejected: Array<{ index: number; reason: string }>;
    };
    expect(receipt.accepted.map((item) => item.index)).toEqual([0, 4]);
    expect(receipt.rejected.map((item) => item.index)).toEqual([1, 3, 5]);
    expect(receipt.rejected[2]!.reason).toContain('exceeds the limit of 4096');
    expect(await publishedFrom(kafka.brokers, source)).toHaveLength(2);
  });

  it('streams a gzip NDJSON body larger than the body limit and publishes every line', async () => {
    const source = 'Ndjson large';
    const count = 5000;
    const padding = 'p'.repeat(200);
    const lines = Array.from({ length: count }, (_, n) =>
      JSON.stringify({ source, url: `https://example.org/${n}`, body: `Line ${n}. ${padding}` }),
    );
    const raw = Buffer.from(`${lines.join('\n')}\n`);
    expect(raw.length).toBeGreaterThan(BODY_LIMIT);
    const response = await ingest.post(gzipSync(raw), {
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { ids: string[]; rejected: unknown[]; lines: number };
    expect(receipt).toMatchObject({ rejected: [], lines: count });
    expect(new Set(receipt.ids).size).toBe(count);
    expect(await publishedFrom(kafka.brokers, source)).toHaveLength(count);
  }, 60_000);

  it('refuses lines past the line limit with a 413 that says which lines were published', async () => {
    const source = 'Ndjson over';
    const lines = Array.from({ length: 6002 }, (_, n) =>
      JSON.stringify({ source, url: `https://x.org/${n}`, body: 'b' }),
    );
    const response = await ingest.post(lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { message: string; accepted: unknown[]; resumeFromLine: number };
    expect(body.message).toContain('more than 6000 lines');
    expect(body.resumeFromLine).toBe(6000);
    expect(body.accepted).toHaveLength(6000);
    expect(await publishedFrom(kafka.brokers, source)).toHaveLength(6000);
  }, 60_000);
});
