// The story store against a real Redis: what the indexer writes is what the query service reads,
// replays change nothing, re-saves leave no stale index entries, and cursors page without gaps.
import Redis from 'ioredis';
import { type CleanStory, RetriableError } from '@cleanwire/contracts';
import { InvalidCursorError, StoryStore } from '@cleanwire/story-index';
import { startRedis, type RunningRedis } from '../harness/redis';

let seq = 0;
function story(overrides: Partial<CleanStory> = {}): CleanStory {
  seq += 1;
  const body = overrides.body ?? [`Paragraph number ${seq}.`];
  return {
    id: `story-${seq}`,
    source: 'wire',
    headline: `Headline ${seq}`,
    captions: [],
    body,
    text: body.join('\n\n'),
    wordCount: body.join(' ').split(/\s+/).length,
    receivedAt: '2024-03-01T12:00:00.000Z',
    normalizedAt: '2024-03-01T12:00:01.000Z',
    cuts: [],
    ...overrides,
  };
}

/** Every key with its serialized value and TTL: equal snapshots mean byte-identical data. */
async function snapshot(redis: Redis): Promise<Record<string, string>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const entries: [string, string][] = [];
  for (const key of keys.sort()) {
    const dump = await redis.dumpBuffer(key);
    entries.push([key, `${await redis.pttl(key)} ${dump.toString('base64')}`]);
  }
  return Object.fromEntries(entries);
}

async function allPages(fetch: (cursor?: string) => Promise<{ stories: { id: string }[]; nextCursor: string | null }>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = await fetch(cursor);
    ids.push(...result.stories.map((s) => s.id));
    if (result.nextCursor === null) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('StoryStore (real Redis)', () => {
  let server: RunningRedis;
  let redis: Redis;
  let store: StoryStore;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url, { maxRetriesPerRequest: 20 });
    redis.on('error', () => undefined); // refused connections during restart(); ioredis reconnects
    store = new StoryStore(redis);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  beforeEach(async () => {
    await redis.flushdb();
  });

  describe('saving and reading', () => {
    it('returns a saved story as it was given', async () => {
      const saved = story({
        url: 'https://example.com/a',
        publishedAt: '2024-03-01T10:00:00+01:00',
        captions: ['A caption'],
        cuts: [{ reason: 'widget-noise', line: 3, text: 'Share this' }],
      });
      await store.saveBatch([saved]);

      expect(await store.get(saved.id)).toEqual(saved);
      expect(await store.get('missing')).toBeNull();
      expect(await store.count()).toBe(1);
      expect(await store.sources()).toEqual(['wire']);
    });

    it('does nothing for an empty batch', async () => {
      await store.saveBatch([]);
      expect(await store.count()).toBe(0);
    });

    it('keeps the last version when one id appears twice in a batch', async () => {
      const first = story({ body: ['First version mentions avalanche.'] });
      const last = { ...first, body: ['Second version mentions glacier.'], text: 'Second version mentions glacier.' };
      await store.saveBatch([first, last]);

      expect(await store.get(first.id)).toEqual(last);
      expect((await store.search({ q: 'avalanche', limit: 10 })).total).toBe(0);
      expect((await store.search({ q: 'glacier', limit: 10 })).total).toBe(1);
      expect(await store.count()).toBe(1);
    });

    it('keeps ids and sources with colons, spaces and non-Latin text apart', async () => {
      const stories = [
        story({ id: 'x', source: 'a:b' }),
        story({ id: 'x:meta', source: 'a' }),
        story({ id: 'خبر 1', source: 'الشرق الأوسط' }),
      ];
      await store.saveBatch(stories);

      for (const saved of stories) expect(await store.get(saved.id)).toEqual(saved);
      expect(await store.sources()).toEqual(['a', 'a:b', 'الشرق الأوسط']);
      const arabic = await store.list({ source: 'الشرق الأوسط', limit: 10 });
      expect(arabic.stories.map((s) => s.id)).toEqual(['خبر 1']);
    });
  });

  describe('idempotence and stale entries', () => {
    it('leaves byte-identical state when a batch is replayed', async () => {
      const batch = Array.from({ length: 30 }, (_, i) =>
        story({
          source: i % 2 ? 'wire' : 'agency',
          publishedAt: `2024-03-0${1 + (i % 5)}T08:00:00Z`,
          body: [`Shared words about the harbour. Unique word w${i}.`, 'Second paragraph with more text.'],
        }),
      );
      await store.saveBatch(batch);
      const before = await snapshot(redis);

      await store.saveBatch(batch);
      await store.saveBatch([...batch].reverse());

      expect(await snapshot(redis)).toEqual(before);
    });

    it('returns to the same state after a story is changed and changed back', async () => {
      const original = story({ source: 'wire', publishedAt: '2024-03-01T08:00:00Z', body: ['Volcano erupts.'] });
      const neighbour = story({ source: 'wire', body: ['Volcano tourism grows.'] });
      await store.saveBatch([original, neighbour]);
      const before = await snapshot(redis);

      const changed = {
        ...original,
        source: 'agency',
        publishedAt: '2024-03-02T08:00:00Z',
        headline: 'Different headline',
        body: ['Earthquake strikes.'],
        text: 'Earthquake strikes.',
      };
      await store.saveBatch([changed]);
      expect(await snapshot(redis)).not.toEqual(before);
      await store.saveBatch([original]);

      expect(await snapshot(redis)).toEqual(before);
    });

    it('forgets the old words, source and time of a re-saved story', async () => {
      const original = story({ source: 'wire', publishedAt: '2024-03-01T08:00:00Z', body: ['Volcano erupts.'] });
      const other = story({ source: 'wire', publishedAt: '2024-03-01T09:00:00Z' });
      await store.saveBatch([original, other]);

      await store.saveBatch([
        {
          ...original,
          source: 'agency',
          publishedAt: '2024-03-01T10:00:00Z',
          body: ['Earthquake strikes.'],
          text: 'Earthquake strikes.',
        },
      ]);

      expect((await store.search({ q: 'volcano', limit: 10 })).total).toBe(0);
      expect(await redis.exists('cw:term:volcano')).toBe(0);
      expect((await store.search({ q: 'earthquake', limit: 10 })).stories.map((s) => s.id)).toEqual([original.id]);
      expect((await store.list({ source: 'wire', limit: 10 })).stories.map((s) => s.id)).toEqual([other.id]);
      expect((await store.list({ limit: 10 })).stories.map((s) => s.id)).toEqual([original.id, other.id]);
      expect(await store.count()).toBe(2);
      expect(await store.sources()).toEqual(['agency', 'wire']);

      await store.saveBatch([{ ...other, source: 'agency' }]);
      expect(await store.sources()).toEqual(['agency']);
    });

    it('keeps working after Redis restarts and loses its script cache', async () => {
      await store.saveBatch([story()]);
      await server.restart();

      const after = story({ body: ['Saved after the restart.'] });
      await store.saveBatch([after]);
      expect((await store.list({ limit: 10 })).stories.map((s) => s.id)).toEqual([after.id]);
      expect((await store.search({ q: 'restart', limit: 10 })).total).toBe(1);
    }, 30_000);

    it('reports an unreachable Redis as retriable', async () => {
      const offline = new Redis(server.url, { lazyConnect: true, enableOfflineQueue: false });
      const unreachable = new StoryStore(offline);
      await expect(unreachable.count()).rejects.toBeInstanceOf(RetriableError);
      await expect(unreachable.saveBatch([story()])).rejects.toBeInstanceOf(RetriableError);
      offline.disconnect();
    });
  });

  describe('list', () => {
    // Three share one publish time, one has only receivedAt, one is from another source.
    const stories = [
      story({ id: 'b', publishedAt: '2024-03-02T10:00:00Z' }),
      story({ id: 'a', publishedAt: '2024-03-02T10:00:00Z' }),
      story({ id: 'c', publishedAt: '2024-03-02T11:00:00+01:00' }),
      story({ id: 'newest', receivedAt: '2024-03-03T00:00:00Z' }),
      story({ id: 'oldest', publishedAt: '2024-01-01T00:00:00Z', source: 'agency' }),
      story({ id: 'middle', publishedAt: '2024-03-02T12:00:00Z', source: 'agency' }),
    ];
    const newestFirst = ['newest', 'middle', 'a', 'b', 'c', 'oldest'];

    beforeEach(async () => {
      await store.saveBatch(stories);
    });

    it('orders newest first, equal times by id', async () => {
      const page = await store.list({ limit: 100 });
      expect(page.stories.map((s) => s.id)).toEqual(newestFirst);
      expect(page.nextCursor).toBeNull();
    });

    it.each([1, 2, 4, 5, 6])('pages with limit %i without gaps or repeats', async (limit) => {
      expect(await allPages((cursor) => store.list({ limit, cursor }))).toEqual(newestFirst);
    });

    it('filters by exact source', async () => {
      expect(await allPages((cursor) => store.list({ source: 'agency', limit: 1, cursor }))).toEqual([
        'middle',
        'oldest',
      ]);
      expect((await store.list({ source: 'agenc', limit: 10 })).stories).toEqual([]);
    });

    it('continues after the last story seen even when newer stories arrive between pages', async () => {
      const first = await store.list({ limit: 2 });
      await store.saveBatch([story({ id: 'breaking', publishedAt: '2024-04-01T00:00:00Z' })]);
      const rest = await allPages((cursor) => store.list({ limit: 2, cursor: cursor ?? first.nextCursor ?? '' }));

      expect([...first.stories.map((s) => s.id), ...rest]).toEqual(newestFirst);
    });

    it('rejects garbage cursors and bad limits as input errors', async () => {
      for (const cursor of ['garbage!', 'AAAA', '', 'bm90LWEtY3Vyc29y']) {
        await expect(store.list({ limit: 10, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      await expect(store.list({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
      await expect(store.list({ limit: 101 })).rejects.toMatchObject({ field: 'limit' });
    });
  });

  describe('search', () => {
    it('requires every term', async () => {
      const both = story({ body: ['Flood waters rise in the valley.'] });
      const one = story({ body: ['Flood defences hold.'] });
      await store.saveBatch([both, one, story({ body: ['Valley vineyards.'] })]);

      const result = await store.search({ q: 'flood VALLEY', limit: 10 });
      expect(result.stories.map((s) => s.id)).toEqual([both.id]);
      expect(result.total).toBe(1);
    });

    it('ranks a headline hit above a body-only hit, whatever the recency', async () => {
      const inHeadline = story({
        headline: 'Cyclone nears coast',
        publishedAt: '2024-03-01T00:00:00Z',
        body: ['Residents prepare.'],
      });
      const inBody = story({
        headline: 'Weather update',
        publishedAt: '2024-03-05T00:00:00Z',
        body: ['A cyclone is expected.'],
      });
      await store.saveBatch([inBody, inHeadline]);

      const result = await store.search({ q: 'cyclone', limit: 10 });
      expect(result.stories.map((s) => s.id)).toEqual([inHeadline.id, inBody.id]);
      const [first, second] = result.stories;
      expect(first?.score).toBeGreaterThan(second?.score ?? Infinity);
      expect(second?.score).toBeGreaterThan(0);
    });

    it('ranks by the rarer term when matches differ in which term they repeat', async () => {
      const common = Array.from({ length: 8 }, () => story({ body: ['Market report.'] }));
      const rareTwice = story({ body: ['Market news, tariff tariff.'] });
      const commonTwice = story({ body: ['Market market news about a tariff.'] });
      await store.saveBatch([...common, rareTwice, commonTwice]);

      const result = await store.search({ q: 'market tariff', limit: 10 });
      expect(result.stories.map((s) => s.id)).toEqual([rareTwice.id, commonTwice.id]);
    });

    it('breaks equal relevance by recency, then id', async () => {
      const same = { headline: 'Same', body: ['Identical text about bridges.'] };
      const older = story({ ...same, id: 'older', publishedAt: '2024-03-01T00:00:00Z' });
      const newerB = story({ ...same, id: 'newer-b', publishedAt: '2024-03-02T00:00:00Z' });
      const newerA = story({ ...same, id: 'newer-a', publishedAt: '2024-03-02T00:00:00Z' });
      await store.saveBatch([older, newerB, newerA]);

      for (const q of ['bridges', 'identical bridges']) {
        const result = await store.search({ q, limit: 10 });
        expect(result.stories.map((s) => s.id)).toEqual(['newer-a', 'newer-b', 'older']);
      }
    });

    it('pages through every match once, with the total on each page', async () => {
      const matches = Array.from({ length: 7 }, (_, i) =>
        story({ publishedAt: `2024-03-0${i + 1}T00:00:00Z`, body: ['Election results are in.'] }),
      );
      await store.saveBatch([...matches, story({ body: ['Unrelated.'] })]);
      const expected = (await store.search({ q: 'election results', limit: 100 })).stories.map((s) => s.id);
      expect(expected).toHaveLength(7);

      for (const limit of [1, 3, 7]) {
        const totals: number[] = [];
        const ids = await allPages(async (cursor) => {
          const page = await store.search({ q: 'election results', limit, cursor });
          totals.push(page.total);
          return page;
        });
        expect(ids).toEqual(expected);
        expect(new Set(totals)).toEqual(new Set([7]));
      }
    });

    it('filters by source, alone or with several terms', async () => {
      const wire = story({ source: 'wire', body: ['Rail strike called off.'] });
      const agency = story({ source: 'agency', body: ['Rail strike goes ahead.'] });
      await store.saveBatch([wire, agency]);

      expect((await store.search({ q: 'rail', source: 'agency', limit: 10 })).stories.map((s) => s.id)).toEqual([
        agency.id,
      ]);
      expect((await store.search({ q: 'rail strike', source: 'wire', limit: 10 })).stories.map((s) => s.id)).toEqual([
        wire.id,
      ]);
      expect((await store.search({ q: 'rail', source: 'nobody', limit: 10 })).total).toBe(0);
    });

    it('finds stopword-only queries, possessives and non-Latin scripts', async () => {
      const english = story({ headline: "The Minister's Speech", body: ['To be or not to be.'] });
      const arabic = story({ headline: 'انتخابات في مصر', body: ['نتائج الانتخابات'] });
      await store.saveBatch([english, arabic]);

      expect((await store.search({ q: 'to be', limit: 10 })).stories.map((s) => s.id)).toEqual([english.id]);
      expect((await store.search({ q: 'minister speech', limit: 10 })).total).toBe(1);
      expect((await store.search({ q: 'مصر', limit: 10 })).stories.map((s) => s.id)).toEqual([arabic.id]);
    });

    it('returns an empty result for unknown terms and blank queries, and leaves no scratch keys', async () => {
      await store.saveBatch([story({ body: ['Known words only.'] })]);
      const before = await snapshot(redis);

      expect(await store.search({ q: 'known zebra', limit: 10 })).toEqual({ stories: [], nextCursor: null, total: 0 });
      expect(await store.search({ q: ' ?! ', limit: 10 })).toEqual({ stories: [], nextCursor: null, total: 0 });
      await store.search({ q: 'known words', limit: 10 });
      expect(await snapshot(redis)).toEqual(before);
    });

    it('rejects garbage cursors and cursors issued for another query', async () => {
      await store.saveBatch(Array.from({ length: 3 }, () => story({ body: ['Harbour news.'] })));
      const first = await store.search({ q: 'harbour', limit: 1 });
      const cursor = first.nextCursor ?? '';
      expect(cursor).not.toBe('');

      await expect(store.search({ q: 'harbour', limit: 1, cursor })).resolves.toMatchObject({ total: 3 });
      await expect(store.search({ q: 'news', limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.search({ q: 'harbour', source: 'wire', limit: 1, cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      const listCursor = (await store.list({ limit: 1 })).nextCursor ?? '';
      await expect(store.search({ q: 'harbour', limit: 1, cursor: listCursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      for (const garbage of ['%%%', 'AAAA', 'eyJvIjo1fQ']) {
        await expect(store.search({ q: 'harbour', limit: 1, cursor: garbage })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      }
    });
  });
});
