// Learned site noise against a real Redis: what one normalizer instance counted, another one applies; re-processing
// a story counts nothing twice; a line of a single article is never learned.
import Redis from 'ioredis';
import { siteNoiseCandidates, siteNoiseKey, storyFromArticle } from '@cleanwire/cleaning';
import type { RawArticle } from '@cleanwire/contracts';
import { SiteNoiseStore } from '@cleanwire/site-noise';
import { startRedis, type RunningRedis } from '../harness/redis';

const SOURCE = 'Example News';
const TELEGRAM = 'Follow us on Telegram';
const FOOTER = 'All rights reserved © 2025 Example News';

function raw(n: number, source = SOURCE): RawArticle {
  return {
    id: `${source}-${n}`,
    source,
    headline: `Headline number ${n}`,
    body: [
      TELEGRAM,
      '',
      `The first paragraph of story ${n} says what happened and where it happened.`,
      '',
      `The second paragraph of story ${n} adds a quote from an official.`,
      '',
      `A closing line only story ${n} has.`,
      FOOTER,
    ].join('\n'),
    bodyFormat: 'text',
    receivedAt: '2025-03-01T12:00:00.000Z',
    format: 'text',
  };
}

const observe = (article: RawArticle) => ({
  source: article.source,
  storyId: article.id,
  candidates: siteNoiseCandidates(article),
});

describe('SiteNoiseStore (real Redis)', () => {
  let server: RunningRedis;
  let first: Redis;
  let second: Redis;
  // Two store objects on two connections: two normalizer instances.
  let instanceA: SiteNoiseStore;
  let instanceB: SiteNoiseStore;

  beforeAll(async () => {
    server = await startRedis();
    first = new Redis(server.url);
    second = new Redis(server.url);
    instanceA = new SiteNoiseStore(first);
    instanceB = new SiteNoiseStore(second);
  }, 60_000);

  afterAll(async () => {
    first?.disconnect();
    second?.disconnect();
    await server?.stop();
  });

  beforeEach(async () => {
    await first.flushdb();
  });

  it('shares what one instance learned with another, and cuts it with its reason', async () => {
    await instanceA.record([1, 2, 3].map((n) => observe(raw(n))));
    await instanceB.record([4, 5].map((n) => observe(raw(n))));

    const learned = await instanceB.learned([SOURCE, 'Other Source']);
    expect([...learned.get(SOURCE)!].sort()).toEqual([siteNoiseKey('bottom', FOOTER), siteNoiseKey('top', TELEGRAM)]);
    expect(learned.get('Other Source')!.size).toBe(0);

    const story = storyFromArticle(raw(6), new Date('2025-03-01T12:00:01Z'), learned.get(SOURCE));
    expect(story.body.join('\n')).not.toContain(TELEGRAM);
    expect(story.body.join('\n')).not.toContain(FOOTER);
    expect(story.body).toContain('A closing line only story 6 has.');
    expect(story.cuts.filter((cut) => cut.reason === 'learned-site-noise')).toEqual([
      { reason: 'learned-site-noise', line: 1, text: TELEGRAM },
      { reason: 'learned-site-noise', line: 8, text: FOOTER },
    ]);
  });

  it('counts a re-processed story once, so replays teach nothing new', async () => {
    for (let replay = 0; replay < 5; replay++) {
      await instanceA.record([1, 2].map((n) => observe(raw(n))));
      await instanceB.record([3, 4].map((n) => observe(raw(n))));
    }
    // Four distinct articles however often they were seen: under the five-article minimum.
    expect((await instanceA.learned([SOURCE])).get(SOURCE)!.size).toBe(0);
    await instanceB.record([observe(raw(5))]);
    expect((await instanceA.learned([SOURCE])).get(SOURCE)!.size).toBe(2);
  });

  it("never learns a line that occurs in only one article, nor another source's chrome", async () => {
    await instanceA.record([1, 2, 3, 4, 5, 6].map((n) => observe(raw(n))));
    const learned = (await instanceA.learned([SOURCE, 'Elsewhere'])).get(SOURCE)!;
    for (const key of learned) expect(key).not.toMatch(/story \d/);
    expect((await instanceA.learned(['Elsewhere'])).get('Elsewhere')!.size).toBe(0);
  });

  it('keeps every key it writes on an expiry and bounds the lines kept per source', async () => {
    const small = new SiteNoiseStore(first, { maxLinesPerSource: 5, retentionSeconds: 3600 });
    await small.record([1, 2, 3, 4, 5, 6].map((n) => observe(raw(n))));
    expect(await first.zcard(`cw:noise:lines:${SOURCE}`)).toBe(5);
    const keys = await first.keys('cw:noise:*');
    for (const key of keys) expect(await first.ttl(key)).toBeGreaterThan(0);
    // The recurring lines outrank the one-off ones, so the cap evicts the one-offs.
    expect((await small.learned([SOURCE])).get(SOURCE)!.size).toBe(2);
  });
});
