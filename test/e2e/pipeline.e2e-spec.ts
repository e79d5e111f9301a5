import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningKafka, type RunningRedis, startKafka, startRedis } from '../harness';
import { type RunningService, startService } from './service-processes';

interface ExpectedStory {
  headline: string;
  captions: string[];
  body: string[];
}

const fixtures = join(__dirname, '..', '..', '..', 'shared', 'fixtures');
const dump = readFileSync(join(fixtures, 'asharq-two-stories.txt'));
const expected = JSON.parse(readFileSync(join(fixtures, 'asharq-two-stories.expected.json'), 'utf8')) as {
  source: string;
  stories: ExpectedStory[];
};
const source = expected.source;
const API_KEY = 'e2e-api-key';

describe('the pipeline, end to end', () => {
  let redis: RunningRedis;
  let kafka: RunningKafka;
  const services: RunningService[] = [];
  let ingest: string;
  let query: string;

  beforeAll(async () => {
    [redis, kafka] = await Promise.all([startRedis(), startKafka()]);
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_IDEMPOTENT_PRODUCER: 'false',
      REDIS_URL: redis.url,
      INGEST_API_KEYS: `e2e:${createHash('sha256').update(API_KEY).digest('hex')}`,
    };
    services.push(
      ...(await Promise.all(
        (['normalizer', 'indexer', 'ingest', 'query'] as const).map((name) => startService(name, env)),
      )),
    );
    ingest = services.find((service) => service.name === 'ingest')!.url;
    query = services.find((service) => service.name === 'query')!.url;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([redis?.stop(), kafka?.stop()]);
  }, 60_000);

  afterEach(() => {
    // On failure, the services' own words are the quickest diagnosis.
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      for (const service of services) process.stderr.write(`--- ${service.name}\n${service.output()}\n`);
    }
  });

  async function postFixture(): Promise<string[]> {
    const response = await fetch(`${ingest}/v1/feeds?source=${encodeURIComponent(source)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', authorization: `Bearer ${API_KEY}` },
      body: dump,
    });
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { ids: string[]; rejected: unknown[] };
    expect(receipt.rejected).toEqual([]);
    return receipt.ids;
  }

  async function storiesOfSource(): Promise<Array<ExpectedStory & { id: string; receivedAt: string }>> {
    const response = await fetch(`${query}/v1/stories?source=${encodeURIComponent(source)}&limit=100`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { stories: Array<ExpectedStory & { id: string; receivedAt: string }> }).stories;
  }

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('turns the scraped fixture into the two expected stories, and a re-post into the same two', async () => {
    const ids = await postFixture();
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);

    await eventually(async () => ((await storiesOfSource()).length === 2 ? true : undefined), 'two stories');
    for (const [index, id] of ids.entries()) {
      const response = await fetch(`${query}/v1/stories/${id}`);
      expect(response.status).toBe(200);
      const story = (await response.json()) as ExpectedStory & { id: string; source: string };
      const want = expected.stories[index]!;
      expect(story.id).toBe(id);
      expect(story.source).toBe(source);
      expect(story.headline).toBe(want.headline);
      expect(story.captions).toEqual(want.captions);
      expect(story.body).toEqual(want.body);
    }

    const firstReceipts = new Map((await storiesOfSource()).map((story) => [story.id, story.receivedAt]));
    expect(await postFixture()).toEqual(ids);
    // The re-post is indexed once its newer receivedAt shows; there must still be exactly two stories.
    const after = await eventually(async () => {
      const stories = await storiesOfSource();
      return stories.every((story) => story.receivedAt > firstReceipts.get(story.id)!) ? stories : undefined;
    }, 'the re-post to be indexed');
    expect(after.map((story) => story.id).sort()).toEqual([...ids].sort());
  }, 120_000);

  it('finds the second story by a word of its text', async () => {
    const second = expected.stories[1]!;
    const response = await fetch(`${query}/v1/search?q=Halbousi`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as { stories: Array<{ headline: string }> };
    expect(result.stories.map((story) => story.headline)).toEqual([second.headline]);

    const both = (await (await fetch(`${query}/v1/search?q=${encodeURIComponent('Baghdad elections')}`)).json()) as {
      stories: Array<{ headline: string }>;
    };
    expect(both.stories.map((story) => story.headline)).toEqual([second.headline]);
  });

  it('explains every cut of a story with its reason and line, and answers 404 for an unknown id', async () => {
    const [first] = await storiesOfSource();
    const story = (await (await fetch(`${query}/v1/stories/${first!.id}`)).json()) as {
      id: string;
      headline: string;
      cuts: Array<{ reason: string; line: number; text: string }>;
    };
    const response = await fetch(`${query}/v1/stories/${story.id}/explain`);
    expect(response.status).toBe(200);
    const explanation = (await response.json()) as {
      id: string;
      headline: string;
      cuts: Array<{ reason: string; line: number; text: string }>;
      counts: Record<string, number>;
    };
    expect(explanation.id).toBe(story.id);
    expect(explanation.headline).toBe(story.headline);
    expect(explanation.cuts).toHaveLength(story.cuts.length);
    expect(explanation.cuts.length).toBeGreaterThan(0);
    for (const cut of explanation.cuts) expect(cut.line).toBeGreaterThan(0);
    expect(explanation.cuts.some((cut) => cut.reason === 'repeated-caption')).toBe(true);
    expect(explanation.cuts.some((cut) => cut.reason === 'widget-noise' && cut.text === 'TT')).toBe(true);
    const total = Object.values(explanation.counts).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(explanation.cuts.length);
    expect(explanation.counts['learned-site-noise']).toBe(0);

    expect((await fetch(`${query}/v1/stories/no-such-story/explain`)).status).toBe(404);
  });

  it('answers 404 for an unknown story and 400 for a bad page size', async () => {
    const missing = await fetch(`${query}/v1/stories/no-such-story`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toContain('no-such-story');
    const bad = await fetch(`${query}/v1/stories?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('limit');
  });
  describe.each([
    ['RSS 2.0', 'rss2-news.xml', 'application/rss+xml', 'rss'],
    ['RSS 1.0 (RDF)', 'rss1-rdf.xml', 'application/rdf+xml', 'rdf'],
    ['Atom 1.0', 'atom-blog.xml', 'application/atom+xml', 'atom'],
    ['JSON Feed 1.1', 'json-feed-1.1.json', 'application/feed+json', 'jsonfeed'],
    ['NDJSON bulk', 'bulk-export.ndjson', 'application/x-ndjson', 'ndjson'],
    ['an HTML page', 'news-page.html', 'text/html', 'html'],
    ['RSS in Windows-1252', 'rss-windows-1252.xml', 'application/rss+xml; charset=windows-1252', 'rss'],
    ['RSS in GB2312 (declared in the prolog)', 'rss-gb2312.xml', 'application/xml', 'rss'],
  ])('a feed in %s', (_name, file, contentType, format) => {
    it('becomes queryable stories', async () => {
      const response = await fetch(`${ingest}/v1/feeds?source=Formats`, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${API_KEY}` },
        body: readFileSync(join(__dirname, '..', 'corpus', 'feeds', file)),
      });
      expect(response.status).toBe(202);
      const { ids } = (await response.json()) as { ids: string[] };
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        const story = await eventually(async () => {
          const found = await fetch(`${query}/v1/stories/${id}`);
          return found.status === 200 ? ((await found.json()) as ExpectedStory & { format: string }) : undefined;
        }, `story ${id} from ${file}`);
        expect(story.format).toBe(format);
        expect(story.headline.length).toBeGreaterThan(0);
        expect(story.body.length).toBeGreaterThan(0);
      }
    });
  });

  it('decodes a legacy encoding end to end', async () => {
    type Hit = { id: string; headline: string; snippet: string };
    const search = async (q: string) =>
      ((await (await fetch(`${query}/v1/search?q=${encodeURIComponent(q)}`)).json()) as { stories: Hit[] }).stories;
    expect((await search('delighted ruling')).map((story) => story.headline)).toEqual([
      'Café owners “delighted” by ruling',
    ]);
    const [subway] = await search('广州地铁新线开通');
    expect(subway?.snippet).toContain('<mark>');
    // A result carries a snippet, not the body: the whole story is read by its id.
    const story = (await (await fetch(`${query}/v1/stories/${subway?.id}`)).json()) as ExpectedStory;
    expect(story.body.join(' ')).toContain('首班车于早上六点发车。');
  });
});
