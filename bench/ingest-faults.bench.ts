/* eslint-disable no-console -- a benchmark: printing its figures is its job */
// Ingest (the built service, as a process) against every hostile class of test/corpus/hostile/cases.json, a large
// valid feed, a long NDJSON stream of large articles and a burst of large posts, with its resident memory read from
// /proc after each: the status and time of each answer beside a valid post's in the same run, and the peak RSS.
//   npm run build && npm run bench:ingest-faults        (needs Docker for Redis and the broker, as the tests do)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { startKafka, startRedis } from '../test/harness';
import { hostileBody, hostileCases, hostileQuery } from '../test/corpus/hostile/hostile-case';
import { type RunningService, startService } from '../test/e2e/service-processes';

const API_KEY = 'bench-key';
const RSS_LIMIT_MB = 300;
/** Resident memory of a process, now and at its peak, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function post(
  ingest: RunningService,
  body: Buffer | string,
  contentType: string,
  query = '?source=Bench',
  extra: Record<string, string> = {},
): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = performance.now();
  const response = await fetch(`${ingest.url}/v1/feeds${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${API_KEY}`, ...extra },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get('retry-after') };
}

function rssFeed(items: number, bodyBytes: number): Buffer {
  const paragraph = 'The council met on Tuesday to weigh the budget, and the vote was put off until next week. ';
  const body = paragraph.repeat(Math.ceil(bodyBytes / paragraph.length)).slice(0, bodyBytes);
  const entries = Array.from(
    { length: items },
    (_, n) =>
      `<item><title>Story ${n}</title><link>https://example.org/${n}</link><description><![CDATA[<p>${body}</p>]]></description></item>`,
  );
  return Buffer.from(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>${entries.join('')}</channel></rss>`,
  );
}

async function main(): Promise<void> {
  const [redis, kafka] = await Promise.all([startRedis(), startKafka()]);
  const ingest = await startService('ingest', {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_IDEMPOTENT_PRODUCER: 'false',
    REDIS_URL: redis.url,
    INGEST_API_KEYS: `bench:${createHash('sha256').update(API_KEY).digest('hex')}`,
    INGEST_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  try {
    const idle = memory(ingest.pid);
    const small = await post(ingest, JSON.stringify([{ body: 'A valid article.' }]), 'application/json');
    const largeFeed = rssFeed(1000, 4900);
    const large = await post(ingest, largeFeed, 'application/rss+xml');
    console.log(`ingest idle: ${idle.rss.toFixed(0)} MB RSS`);
    console.log(`baseline: a valid 1-article post ${small.status} in ${small.ms.toFixed(0)} ms`);
    console.log(
      `baseline: a valid ${(largeFeed.length / 1e6).toFixed(1)} MB RSS feed of 1000 articles ${large.status} in ${large.ms.toFixed(0)} ms, RSS ${memory(ingest.pid).rss.toFixed(0)} MB`,
    );

    console.log('\nhostile case                                   status  expected  ms     x(1-article post)  RSS MB');
    const cases = hostileCases().filter(
      (hostile) => !hostile.raw && hostile.service === undefined && hostile.method === undefined,
    );
    let wrong = 0;
    let slowest = 0;
    for (const hostile of cases) {
      const headers: Record<string, string> = hostile.contentEncoding
        ? { 'content-encoding': hostile.contentEncoding }
        : {};
      if (hostile.apiKey !== undefined)
        headers.authorization = hostile.apiKey === null ? '' : `Bearer ${hostile.apiKey}`;
      const query = hostileQuery(hostile);
      const answer = await post(ingest, hostileBody(hostile), hostile.contentType ?? '', query, headers);
      if (answer.status !== hostile.status) {
        wrong += 1;
        console.log(`  ^ expected ${hostile.status}`);
      }
      slowest = Math.max(slowest, answer.ms);
      console.log(
        `${hostile.name.padEnd(46)} ${String(answer.status).padEnd(7)} ${String(hostile.status).padEnd(9)} ${answer.ms.toFixed(0).padStart(5)}  ${(answer.ms / small.ms).toFixed(1).padStart(8)}           ${memory(ingest.pid).rss.toFixed(0)}`,
      );
    }
    console.log(
      `${cases.length} cases, ${wrong} with another status than expected, slowest answer ${slowest.toFixed(0)} ms, peak RSS so far ${memory(ingest.pid).peak.toFixed(0)} MB`,
    );

    // A long stream of large articles: published in batches bounded in bytes, so memory holds one batch.
    const article = JSON.stringify({ source: 'Bench', body: `${'A long article paragraph. '.repeat(16_000)}` });
    const lines = Array.from({ length: 500 }, (_, n) => article.replace('"Bench"', `"Bench ${n}"`)).join('\n');
    const stream = await post(ingest, lines, 'application/x-ndjson');
    console.log(
      `\n500-line NDJSON of ${(article.length / 1024).toFixed(0)} KB articles (${(lines.length / 1e6).toFixed(0)} MB): ${stream.status} in ${stream.ms.toFixed(0)} ms, RSS ${memory(ingest.pid).rss.toFixed(0)} MB, peak so far ${memory(ingest.pid).peak.toFixed(0)} MB`,
    );

    // A burst of 40 large posts at once: past the bounds on requests and bytes held, 503 with Retry-After.
    const burst = await Promise.all(
      Array.from({ length: 40 }, () =>
        post(ingest, largeFeed, 'application/rss+xml').catch(() => ({ status: 0, ms: 0, retryAfter: null })),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const answer of burst) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    const refusedWithRetry = burst.filter((answer) => answer.status === 503 && answer.retryAfter !== null).length;
    console.log(
      `burst of 40 concurrent ${(largeFeed.length / 1e6).toFixed(1)} MB posts: ${[...byStatus].map(([status, n]) => `${n}x ${status || 'connection lost'}`).join(', ')} (${refusedWithRetry} with Retry-After), RSS ${memory(ingest.pid).rss.toFixed(0)} MB`,
    );

    const { peak } = memory(ingest.pid);
    console.log(`\ningest peak RSS over the whole run: ${peak.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`);
    if (wrong > 0 || peak > RSS_LIMIT_MB) process.exitCode = 1;
  } finally {
    await ingest.stop();
    await Promise.all([redis.stop(), kafka.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
