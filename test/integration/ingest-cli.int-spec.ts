import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatSummary, postFiles } from '../../apps/cli/src/post.command';
import type { RunningKafka, RunningRedis } from '../harness';
import { type RunningIngest, startIngestStack, stopIngestStack, TEST_API_KEY } from './ingest-test-app';

describe('cleanwire post against a real ingest', () => {
  let kafka: RunningKafka;
  let redis: RunningRedis;
  let ingest: RunningIngest;
  let dir: string;

  beforeAll(async () => {
    ({ kafka, redis, ingest } = await startIngestStack({
      INGEST_RATE_LIMIT_PER_MINUTE: '3',
    }));
    dir = mkdtempSync(join(tmpdir(), 'cleanwire-post-'));
    mkdirSync(join(dir, 'more'));
    writeFileSync(join(dir, 'a.txt'), 'Headline A\n\nBody A.\n\n\n\nHeadline B\n\nBody B.');
    writeFileSync(join(dir, 'b.json'), JSON.stringify([{ body: 'Json one.' }, { headline: 'no body' }]));
    writeFileSync(join(dir, 'more', 'c.ndjson.gz'), gzipSync('{"body":"Line one."}\n{"body":"Line two."}\n'));
    writeFileSync(join(dir, 'more', 'd.feed'), '{"body":"sniffed as JSON"}');
  }, 60_000);

  afterAll(async () => {
    await stopIngestStack({ kafka, redis, ingest });
  }, 30_000);

  it('posts every file, waits out 429s as Retry-After says, and sums up accepted and rejected items', async () => {
    const progress: string[] = [];
    const waits: number[] = [];
    const { feedFiles } = await import('../../apps/cli/src/post.command');
    const files = await feedFiles([dir]);
    expect(files.map((file) => file.slice(dir.length + 1))).toEqual([
      'a.txt',
      'b.json',
      'more/c.ndjson.gz',
      'more/d.feed',
    ]);
    const summary = await postFiles(files, {
      url: ingest.url,
      source: 'Cli',
      apiKey: TEST_API_KEY,
      retries: 5,
      progress: { isTTY: false, write: (text: string) => progress.push(text) > 0 },
      // The limit is 3 a minute: honour Retry-After, but wait for real only a moment.
      sleep: async (ms) => {
        waits.push(ms);
        await redis.restart();
      },
    });
    expect(summary).toMatchObject({ files: 4, posted: 4, failed: 0, accepted: 6, rejected: 1 });
    expect(summary.retries).toBeGreaterThanOrEqual(1);
    expect(waits.every((ms) => ms >= 1000)).toBe(true);
    expect(progress.some((line) => line.startsWith('retrying'))).toBe(true);
    expect(progress.filter((line) => /^\[\d\/4\]/.test(line))).toHaveLength(4);
    expect(formatSummary(summary)).toContain('rejected');
  }, 60_000);

  it('reports a file refused for good without retrying it', async () => {
    const summary = await postFiles([join(dir, 'a.txt')], {
      url: ingest.url,
      apiKey: 'wrong',
      retries: 5,
      progress: { isTTY: false, write: () => true },
    });
    expect(summary).toMatchObject({ failed: 1, retries: 0 });
    expect(summary.results[0]).toMatchObject({ status: 403 });
  });
});
