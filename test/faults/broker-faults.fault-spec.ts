// Poison records of every kind keep their partition flowing; a broker frozen past every timeout costs ingest a 503
// within its publish timeout (never a 202) and the workers nothing once it resumes; a dead broker is a 503 in time.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import {
  ARTICLES_RAW_V1,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  type RawArticle,
  STORIES_CLEAN_V1,
} from '@cleanwire/contracts';
import { generationKeys } from '@cleanwire/story-index';
import { readTopic } from '../integration/kafka-records';
import {
  consumerHealth,
  eventually,
  type FaultStack,
  postArticles,
  report,
  secondsSince,
  startFaultStack,
  faultTest,
} from './fault-stack';

const PUBLISH_TIMEOUT_MS = 2000;
// A frozen broker answers nothing: these make the workers' kafkajs give up on it within seconds instead of minutes.
const SHORT_TIMEOUTS = { KAFKA_REQUEST_TIMEOUT_MS: '2000', KAFKA_CONNECTION_TIMEOUT_MS: '1000' };

const rawArticle = (
  id: string,
  body: string,
  bodyFormat: RawArticle['bodyFormat'] = 'text',
  source = 'Poison lane',
): RawArticle => ({
  id,
  source,
  headline: `Story ${id}`,
  body,
  bodyFormat,
  receivedAt: new Date().toISOString(),
  format: 'json',
});

const WRONGTYPE_SOURCE = 'Poison source';

describe('broker faults and poison records', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await startFaultStack({
      env: { ...SHORT_TIMEOUTS, INGEST_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS) },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const faultIt = faultTest(() => stack);

  async function storyExists(id: string): Promise<true | undefined> {
    const response = await fetch(`${stack.services.query.url}/v1/stories/${encodeURIComponent(id)}`);
    return response.status === 200 ? true : undefined;
  }

  /** Posts and expects a 503 with Retry-After within the publish timeout (plus slack for a busy machine), never 202. */
  async function expectRefusedInTime(what: string): Promise<void> {
    const started = Date.now();
    const response = await postArticles(stack.services.ingest.url, [{ source: 'Refused', body: `Not now (${what}).` }]);
    const elapsed = Date.now() - started;
    report(
      `broker ${what}: ${response.status} with Retry-After ${response.headers.get('retry-after')} after ${(elapsed / 1000).toFixed(2)} s`,
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    // The bound is the setting; the slack only separates it from the minute a retried request timeout used to take.
    expect(elapsed).toBeLessThan(PUBLISH_TIMEOUT_MS + 5000);
  }

  faultIt(
    'dead-letters poison records of every kind and keeps each partition flowing',
    async () => {
      const redis = new Redis(stack.redis.url);
      const producer = new Kafka({
        clientId: 'poisoner',
        brokers: stack.kafka.brokers,
        logLevel: logLevel.NOTHING,
      }).producer();
      await producer.connect();
      try {
        // The indexer cannot ever write this story: its source's recency index (generation 1, the only shard) holds
        // the wrong type, a WRONGTYPE from Redis.
        await redis.set(generationKeys('cw:', 1).shard(0).sourceRecency(WRONGTYPE_SOURCE), 'not a sorted set');
        // One key: one partition, so every poison record stands in front of the good one behind it.
        const lane = 'poison-lane';
        await producer.send({
          topic: ARTICLES_RAW_V1,
          messages: [
            { key: lane, value: 'not json {' },
            { key: lane, value: JSON.stringify({ id: 'schema-violation' }) },
            // The normalizer's HTML parser overflows its stack on this: a handler that fails for good.
            { key: lane, value: JSON.stringify(rawArticle('deep-html', `${'<div>'.repeat(29_000)}x`, 'html')) },
            // Too large for the dead-letter topic (1 MB per record): parked truncated.
            { key: lane, value: randomBytes(1_500_000) },
            {
              key: lane,
              value: JSON.stringify(
                rawArticle('poison-wrongtype', 'Indexed never.\n\nIts key is wrong.', 'text', WRONGTYPE_SOURCE),
              ),
            },
            {
              key: lane,
              value: JSON.stringify(rawArticle('after-the-poison', 'Still flowing.\n\nRight behind them.')),
            },
          ],
        });
        await eventually(() => storyExists('after-the-poison'), 'the record behind the poison to be indexed');

        const raw = (await readTopic(stack.kafka.brokers, deadLetterTopic(ARTICLES_RAW_V1), 4)).sort(
          (a, b) => Number(a.headers[DEAD_LETTER_HEADERS.offset]) - Number(b.headers[DEAD_LETTER_HEADERS.offset]),
        );
        expect(raw.map((record) => record.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
          'invalid-json',
          'schema-violation',
          'handler-failed',
          'invalid-json',
        ]);
        expect(raw[2]!.headers[DEAD_LETTER_HEADERS.error]).toMatch(/RangeError/);
        const truncated = raw[3]!;
        expect(truncated.headers[DEAD_LETTER_HEADERS.truncated]).toBe('1500000');
        expect(truncated.value.length).toBeLessThanOrEqual(64 * 1024);
        const [clean] = await readTopic(stack.kafka.brokers, deadLetterTopic(STORIES_CLEAN_V1), 1);
        expect(clean?.key).toBe('poison-wrongtype');
        expect(clean?.headers[DEAD_LETTER_HEADERS.error]).toMatch(/WRONGTYPE/);
        report(
          'poison records (bad JSON, schema violation, a handler failing for good, one too large to dead-letter, a WRONGTYPE in Redis): all dead-lettered, the record behind them indexed',
        );
      } finally {
        await producer.disconnect();
        redis.disconnect();
      }
    },
    120_000,
  );

  faultIt(
    'answers 503 within the publish timeout while the broker is frozen; the workers consume again once it resumes, unrestarted',
    async () => {
      const { normalizer, indexer } = stack.services;
      // Ingest's producer is connected when the broker freezes, as it is in production.
      const before = await postArticles(stack.services.ingest.url, [{ source: 'Thawed', body: 'Before the freeze.' }]);
      expect(before.status).toBe(202);
      const frozen = Date.now();
      await stack.kafka.freeze();
      try {
        await expectRefusedInTime('frozen');
        await expectRefusedInTime('still frozen');
        // Frozen past every timeout: kafkajs gives up on the broker for good ("Broker not connected"), and each worker's
        // transport keeps re-creating its consumer.
        await eventually(
          async () => {
            const states = await Promise.all(
              [normalizer, indexer].map(async (worker) => (await consumerHealth(worker)).state),
            );
            const recreating = [normalizer, indexer].every((worker) =>
              worker.output().includes('consumer restart failed'),
            );
            return recreating && states.every((state) => state === 'restarting') ? true : undefined;
          },
          'both consumers to be given up by kafkajs and re-created by the transport',
          120_000,
          500,
        );
        report(
          `broker frozen ${secondsSince(frozen)}: kafkajs gave up on both consumers; the transport keeps re-creating them`,
        );
      } finally {
        await stack.kafka.resume();
      }
      const resumed = Date.now();
      const response = await eventually(
        async () => {
          const answer = await postArticles(stack.services.ingest.url, [
            { source: 'Thawed', headline: 'After the freeze', body: 'Consumed again.' },
          ]);
          if (answer.status !== 202) report(`after the freeze: ${answer.status} ${await answer.text()}`);
          return answer.status === 202 ? answer : undefined;
        },
        'ingest to accept again',
        60_000,
        500,
      );
      const [id] = ((await response.json()) as { ids: string[] }).ids;
      await eventually(() => storyExists(id!), 'the story posted after the freeze to be queryable', 60_000);
      report(`broker resumed: a story posted after it is queryable ${secondsSince(resumed)} later`);
      for (const worker of [normalizer, indexer]) {
        const health = await consumerHealth(worker);
        expect(health.state).toBe('running');
        expect(health.restarts).toBeGreaterThan(0);
        // The same process throughout: nobody restarted it.
        expect(stack.services[worker.name]).toBe(worker);
      }
    },
    240_000,
  );

  faultIt(
    'answers 503 within the publish timeout when the broker is dead',
    async () => {
      await stack.kafka.kill();
      await expectRefusedInTime('dead');
      await expectRefusedInTime('still dead');
    },
    60_000,
  );
});
