// Near-duplicate linking against a real Redis, through the indexer's handler: the same story from two feeds is linked
// to the earliest copy whatever order they arrive in, a re-post is never its own duplicate, and replays change nothing.
import Redis from 'ioredis';
import type { CleanStory } from '@cleanwire/contracts';
import { createLogger } from '@cleanwire/logging';
import { PipelineMetrics, ServiceMetrics, StoryTrail } from '@cleanwire/metrics';
import { type NearDuplicateStore, RedisStoryStore, StoryIndexer } from '@cleanwire/story-index';
import { CleanStoryConsumer } from '../../apps/indexer/src/clean-story.consumer';
import { LSH_BANDS } from '@cleanwire/search';
import { startRedis, type RunningRedis } from '../harness/redis';

const PARAGRAPHS = [
  'Russian military police and a Syrian regime security committee met with members of the central negotiations committee in the southern Daraa city on Monday to ensure the implementation of the truce there.',
  'The central committee and residents agreed to resume the implementation of the truce after its sudden collapse on September 1.',
  'The meeting was held after a Russian military delegation, headed by the deputy defense minister and commander of Russian forces in Syria, made a surprise visit to Daraa on Sunday.',
  'A source from the negotiations committee said the Russian delegation held a series of meetings with all negotiating parties, and that the talks would continue until every side agreed.',
  'Failure to agree to the truce would force the army, with Russian support, to resort to a military operation in Daraa al-Balad to resolve the crisis, the source added.',
];
const OTHER = [
  'Heavy rain flooded coastal towns in southern Spain overnight, forcing hundreds of residents to leave their homes as rivers burst their banks and roads were closed across the region.',
  'Emergency services said no one had been hurt, but power was cut to thousands of households and schools will stay shut tomorrow while engineers inspect bridges damaged by the water.',
];

function story(id: string, source: string, publishedAt: string, body: string[]): CleanStory {
  return {
    id,
    source,
    headline: `Headline of ${id}`,
    captions: [],
    body,
    text: body.join('\n\n'),
    wordCount: body.join(' ').split(/\s+/).length,
    publishedAt,
    receivedAt: '2025-03-02T00:00:00.000Z',
    normalizedAt: '2025-03-02T00:00:01.000Z',
    cuts: [],
  };
}

const original = story('wire/1', 'Wire', '2025-03-01T08:00:00.000Z', PARAGRAPHS);
// The same text from another feed, a leftover line of its chrome still in it.
const copy = story('paper/7', 'Paper', '2025-03-01T09:30:00.000Z', [...PARAGRAPHS, 'Follow us on Telegram']);
const unrelated = story('wire/2', 'Wire', '2025-03-01T10:00:00.000Z', OTHER);

async function snapshot(redis: Redis): Promise<Record<string, string>> {
  const entries: [string, string][] = [];
  for (const key of (await redis.keys('*')).sort()) {
    entries.push([key, `${await redis.pttl(key)} ${(await redis.dumpBuffer(key)).toString('base64')}`]);
  }
  return Object.fromEntries(entries);
}

describe('near-duplicate stories (real Redis)', () => {
  let server: RunningRedis;
  let redis: Redis;
  let stories: RedisStoryStore;
  let near: NearDuplicateStore;
  let indexer: CleanStoryConsumer;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    stories = new RedisStoryStore(redis);
    near = stories.nearDuplicates;
    const metrics = new PipelineMetrics(new ServiceMetrics('indexer'));
    const trail = new StoryTrail(createLogger('indexer', 'silent'), metrics);
    indexer = new CleanStoryConsumer(new StoryIndexer(stories), trail);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  beforeEach(async () => {
    await redis.flushdb();
  });

  it('links the later copy to the earlier story and leaves unrelated stories alone', async () => {
    await indexer.index([original, unrelated]);
    await indexer.index([copy]);

    expect((await stories.get(copy.id))?.duplicateOf).toBe(original.id);
    expect((await stories.get(original.id))?.duplicateOf).toBeUndefined();
    expect((await stories.get(unrelated.id))?.duplicateOf).toBeUndefined();
    expect(await near.nearDuplicates(original.id)).toEqual({ duplicateOf: null, duplicates: [copy.id] });
    expect(await near.nearDuplicates(copy.id)).toEqual({ duplicateOf: original.id, duplicates: [original.id] });
    expect(await near.nearDuplicates(unrelated.id)).toEqual({ duplicateOf: null, duplicates: [] });
  });

  it('links to the earliest story even when it arrives last, re-writing the copy already stored', async () => {
    await indexer.index([copy]);
    expect((await stories.get(copy.id))?.duplicateOf).toBeUndefined();
    await indexer.index([original]);
    expect((await stories.get(copy.id))?.duplicateOf).toBe(original.id);
    expect((await stories.get(original.id))?.duplicateOf).toBeUndefined();

    // Same batch, later copy first.
    await redis.flushdb();
    await indexer.index([copy, original]);
    expect((await stories.get(copy.id))?.duplicateOf).toBe(original.id);
    expect((await stories.get(original.id))?.duplicateOf).toBeUndefined();
  });

  it('never makes a re-posted story a duplicate of itself, and a replay leaves the same state', async () => {
    await indexer.index([original, unrelated]);
    await indexer.index([copy]);
    const repost = { ...original, receivedAt: '2025-03-05T00:00:00.000Z', normalizedAt: '2025-03-05T00:00:01.000Z' };
    await indexer.index([repost]);
    expect((await stories.get(original.id))?.duplicateOf).toBeUndefined();
    expect((await stories.get(copy.id))?.duplicateOf).toBe(original.id);
    const before = await snapshot(redis);

    // A replay of the topic: the older version of the re-posted story changes nothing either.
    await indexer.index([original, unrelated]);
    await indexer.index([copy, repost]);
    expect(await snapshot(redis)).toEqual(before);
  });

  it('arrives at the same links whatever order the topic is replayed in', async () => {
    const links = async () => ({
      duplicateOf: [...(await near.duplicateOf([original.id, copy.id, unrelated.id]))],
      near: await Promise.all([original.id, copy.id, unrelated.id].map((id) => near.nearDuplicates(id))),
    });
    await indexer.index([original]);
    await indexer.index([unrelated]);
    await indexer.index([copy]);
    const inOrder = await links();
    await redis.flushdb();
    await indexer.index([copy, unrelated]);
    await indexer.index([original]);
    expect(await links()).toEqual(inOrder);
  });

  it('keeps a crowded bucket bounded', async () => {
    const bounded = new RedisStoryStore(redis, { keyPrefix: 'bounded:', maxPerBucket: 3 });
    const small = new StoryIndexer(bounded);
    const copies = Array.from({ length: 6 }, (_, i) => ({
      ...original,
      id: `copy-${i}`,
      publishedAt: `2025-03-0${i + 1}T00:00:00.000Z`,
    }));
    for (const one of copies) await small.index([one]);
    // One bucket per band, each holding the first three copies' 6-byte near ids.
    const buckets = await redis.hgetallBuffer('bounded:{g1.n0}:lsh');
    expect(Object.keys(buckets)).toHaveLength(LSH_BANDS);
    for (const entries of Object.values(buckets)) expect(entries).toHaveLength(3 * 6);
    // Later copies still find the earliest through the full buckets.
    expect(await bounded.nearDuplicates.duplicateOf(['copy-5'])).toEqual(new Map([['copy-5', 'copy-0']]));
  });
});
