// Replays the hostile-input manifest (test/corpus/hostile/cases.json) over HTTP: every case gets its status and
// message, and the service keeps answering afterwards. Cases marked layer "http" are decided before the feed parsers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningKafka, RunningRedis } from '../harness';
import { generators } from '../corpus/hostile/generators';
import { type RunningIngest, startIngestStack, stopIngestStack } from './ingest-test-app';

interface HostileCase {
  name: string;
  contentType: string;
  contentEncoding?: string;
  /** A file beside the manifest. */
  file?: string;
  /** The name of a generator exported by generators.ts, for inputs too large or too odd to keep as files. */
  generate?: string;
  status: number;
  /** A part of the error message (case-insensitive). */
  message: string;
  layer?: string;
  /** The API key to send instead of the test key; null sends none. */
  apiKey?: string | null;
  /** The page address, sent as ?url=. */
  url?: string;
}

const HOSTILE = join(__dirname, '..', 'corpus', 'hostile');
const MANIFEST = join(HOSTILE, 'cases.json');
const cases: HostileCase[] = existsSync(MANIFEST) ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as HostileCase[]) : [];

function bodyOf(hostile: HostileCase): Buffer {
  if (hostile.file !== undefined) return readFileSync(join(HOSTILE, hostile.file));
  if (hostile.generate === undefined) return Buffer.alloc(0);
  // Loaded only when a case needs it: the manifest may come before its generators.
  const generate = generators[hostile.generate];
  if (!generate) throw new Error(`generators.ts has no generator ${hostile.generate}`);
  return generate();
}

(cases.length > 0 ? describe : describe.skip)('the hostile corpus over HTTP', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack({
      // Every case is its own request; the replay must not run into the rate limit.
      INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    }));
  }, 60_000);

  afterAll(async () => {
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it('holds at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((hostile) => [`${hostile.name} (${hostile.layer ?? 'feeds'})`, hostile] as const))(
    '%s',
    async (_name, hostile) => {
      const headers: Record<string, string> = { 'content-type': hostile.contentType };
      if (hostile.contentEncoding) headers['content-encoding'] = hostile.contentEncoding;
      if (hostile.apiKey !== undefined)
        headers.authorization = hostile.apiKey === null ? '' : `Bearer ${hostile.apiKey}`;
      const query = `?source=Wire${hostile.url === undefined ? '' : `&url=${encodeURIComponent(hostile.url)}`}`;
      const response = await ingest.post(bodyOf(hostile), headers, query);
      const body = (await response.json()) as { message?: string; statusCode?: number };
      expect({ status: response.status, message: body.message ?? '' }).toEqual({
        status: hostile.status,
        message: expect.stringMatching(new RegExp(escape(hostile.message), 'i')),
      });
      // Still answering: the case neither crashed nor wedged the service.
      expect((await fetch(`${ingest.url}/health`)).status).toBe(200);
    },
    30_000,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
