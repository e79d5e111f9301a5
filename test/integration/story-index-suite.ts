// The story index suite, run against any Redis topology: what the indexer writes is what the query service reads,
// replays change nothing, re-saves and retention leave no stale index entries, cursors page without gaps, and the
// query language does what the README says.
import { type CleanStory, RetriableError } from '@cleanwire/contracts';
import { createRedisStoreClient, type RedisClient } from '@cleanwire/redis';
import {
  InvalidCursorError,
  RedisStorySearch,
  RedisStoryStore,
  StoryIndexer,
  StoryIndexRebuild,
} from '@cleanwire/story-index';

export interface RedisTopology {
  url: string;
  cluster: boolean;
  stop(): Promise<void>;
  /** Kills and restarts the server (single Redis only): the script cache is lost. */
  restart?: () => Promise<void>;
}

let seq = 0;
export function story(overrides: Partial<CleanStory> = {}): CleanStory {
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

function masters(redis: RedisClient) {
  return 'nodes' in redis ? redis.nodes('master') : [redis];
}

async function allKeys(redis: RedisClient): Promise<string[]> {
  const keys: string[] = [];
  for (const node of masters(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys.sort();
}

/** Every value a key holds, whatever its type: a string's value, a hash's fields and values, a set's members. */
async function valuesOf(redis: RedisClient, key: string): Promise<Buffer[]> {
  const type = await redis.type(key);
  if (type === 'string') return [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
  if (type === 'hash') return Object.entries(await redis.hgetallBuffer(key)).flatMap(([f, v]) => [Buffer.from(f), v]);
  if (type === 'zset') return redis.zrangeBuffer(key, 0, -1);
  if (type === 'set') return redis.smembersBuffer(key);
  if (type === 'list') return redis.lrangeBuffer(key, 0, -1);
  throw new Error(`key ${key} holds a ${type}`);
}

/** Every key with its serialized value: equal snapshots mean byte-identical data. */
async function snapshot(redis: RedisClient): Promise<Record<string, string>> {
  const entries: [string, string][] = [];
  for (const key of await allKeys(redis)) {
    entries.push([
      key,
      `${await redis.pttl(key)} ${((await redis.dumpBuffer(key)) ?? Buffer.alloc(0)).toString('base64')}`,
    ]);
  }
  return Object.fromEntries(entries);
}

async function allPages(fetch: (cursor?: string) => Promise<{ stories: { id: string }[]; nextCursor: string | null }>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page += 1) {
    const result = await fetch(cursor);
    ids.push(...result.stories.map((s) => s.id));
    if (result.nextCursor === null) return ids;
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end');
}

export function storyIndexSuite(name: string, start: () => Promise<RedisTopology>, restartable = false): void {
  describe(`the story index on ${name}`, () => {
    let server: RedisTopology;
    let redis: RedisClient;
    let store: RedisStoryStore;
    let search: RedisStorySearch;
    let indexer: StoryIndexer;

    beforeAll(async () => {
      server = await start();
      redis = createRedisStoreClient(server.url, { cluster: server.cluster, maxRetriesPerRequest: 20 });
      store = new RedisStoryStore(redis, { shards: 3 });
      search = new RedisStorySearch(redis, store);
      indexer = new StoryIndexer(store);
    }, 90_000);

    afterAll(async () => {
      redis?.disconnect();
      await server?.stop();
    });

    beforeEach(async () => {
      await Promise.all(masters(redis).map((node) => node.flushdb()));
    });

    const ids = (page: { stories: { id: string }[] }) => page.stories.map((s) => s.id);
    const find = async (q: string, extra: Partial<Parameters<RedisStorySearch['search']>[0]> = {}) =>
      search.search({ q, limit: 100, ...extra });

    describe('saving and reading', () => {
      it('returns a saved story as it was given, text derived from the body', async () => {
        const saved = story({
          url: 'https://example.com/a',
          publishedAt: '2024-03-01T10:00:00+01:00',
          captions: ['A caption'],
          body: ['First paragraph.', 'Second paragraph.'],
          text: 'First paragraph.\n\nSecond paragraph.',
          cuts: [{ reason: 'widget-noise', line: 3, text: 'Share this' }],
        });
        await store.saveBatch([saved]);

        expect(await store.get(saved.id)).toEqual(saved);
        expect(await store.get('missing')).toBeNull();
        expect(await store.count()).toBe(1);
        expect(await store.sources()).toEqual(['wire']);
      });

      it('stores each text once', async () => {
        const saved = story({ body: ['A distinctive paragraph about harbour cranes.'] });
        await store.saveBatch([saved]);
        const values = (await Promise.all((await allKeys(redis)).map((key) => valuesOf(redis, key)))).flat();
        const copies = values.filter((value) => value.includes('A distinctive paragraph')).length;
        expect(copies).toBe(1);
      });

      it('keeps the last version when one id appears twice in a batch', async () => {
        const first = story({ body: ['First version mentions avalanche.'] });
        const last = { ...first, body: ['Second version mentions glacier.'], text: 'Second version mentions glacier.' };
        await store.saveBatch([first, last]);

        expect(await store.get(first.id)).toEqual(last);
        expect((await find('avalanche')).total).toBe(0);
        expect((await find('glacier')).total).toBe(1);
        expect(await store.count()).toBe(1);
      });

      it('keeps ids and sources with colons, spaces, commas and non-Latin text apart', async () => {
        const stories = [
          story({ id: 'x', source: 'a:b' }),
          story({ id: 'x:meta', source: 'a' }),
          story({ id: 'خبر 1', source: 'الشرق الأوسط' }),
          story({ id: 'y', source: 'Reuters, London' }),
        ];
        await store.saveBatch(stories);

        for (const saved of stories) expect(await store.get(saved.id)).toEqual(saved);
        expect(await store.sources()).toEqual(['Reuters, London', 'a', 'a:b', 'الشرق الأوسط']);
        expect(ids(await store.list({ sources: ['الشرق الأوسط'], limit: 10 }))).toEqual(['خبر 1']);
      });
    });

    describe('idempotence and stale entries', () => {
      it('leaves byte-identical state when a batch is replayed, in any order', async () => {
        const batch = Array.from({ length: 30 }, (_, i) =>
          story({
            source: i % 2 ? 'wire' : 'agency',
            publishedAt: `2024-03-0${1 + (i % 5)}T08:00:00Z`,
            body: [`Shared words about the harbour. Unique word w${i}.`, 'Second paragraph with more text.'],
          }),
        );
        await indexer.index(batch);
        const before = await snapshot(redis);

        await indexer.index(batch);
        await indexer.index([...batch].reverse());
        expect(await snapshot(redis)).toEqual(before);
      });

      it('ignores an older version of a stored story', async () => {
        const current = story({ body: ['Current text about bridges.'], normalizedAt: '2024-03-02T00:00:00Z' });
        await store.saveBatch([current]);
        const before = await snapshot(redis);
        await store.saveBatch([
          { ...current, body: ['Old text about tunnels.'], normalizedAt: '2024-03-01T00:00:00Z' },
        ]);

        expect(await snapshot(redis)).toEqual(before);
        expect((await find('tunnels')).total).toBe(0);
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

        expect((await find('volcano')).total).toBe(0);
        expect((await allKeys(redis)).filter((key) => key.includes('volcano'))).toEqual([]);
        expect(ids(await find('earthquake'))).toEqual([original.id]);
        expect(ids(await store.list({ sources: ['wire'], limit: 10 }))).toEqual([other.id]);
        expect(ids(await store.list({ limit: 10 }))).toEqual([original.id, other.id]);
        expect(await store.count()).toBe(2);
        expect(await store.sources()).toEqual(['agency', 'wire']);

        await store.saveBatch([{ ...other, source: 'agency' }]);
        expect(await store.sources()).toEqual(['agency']);
      });

      if (restartable) {
        it('keeps working after Redis restarts and loses its script cache', async () => {
          await store.saveBatch([story()]);
          await server.restart?.();

          const after = story({ body: ['Saved after the restart.'] });
          await store.saveBatch([after]);
          expect(ids(await store.list({ limit: 10 }))).toEqual([after.id]);
          expect((await find('restart')).total).toBe(1);
        }, 30_000);
      }

      it('reports an unreachable Redis as retriable', async () => {
        const offline = createRedisStoreClient('redis://127.0.0.1:1', { maxRetriesPerRequest: 0 });
        const unreachable = new RedisStoryStore(offline);
        await expect(unreachable.count()).rejects.toBeInstanceOf(RetriableError);
        await expect(unreachable.saveBatch([story()])).rejects.toBeInstanceOf(RetriableError);
        offline.disconnect();
      });
    });

    describe('list', () => {
      const stories = [
        story({ id: 'b', publishedAt: '2024-03-02T10:00:00Z' }),
        story({ id: 'a', publishedAt: '2024-03-02T09:00:00Z' }),
        story({ id: 'c', publishedAt: '2024-03-02T11:00:00+01:00' }),
        story({ id: 'newest', receivedAt: '2024-03-03T00:00:00Z' }),
        story({ id: 'oldest', publishedAt: '2024-01-01T00:00:00Z', source: 'agency' }),
        story({ id: 'middle', publishedAt: '2024-03-02T12:00:00Z', source: 'agency' }),
        story({ id: 'other', publishedAt: '2024-02-01T00:00:00Z', source: 'desk' }),
      ];
      const newestFirst = ['newest', 'middle', 'b', 'c', 'a', 'other', 'oldest'];

      beforeEach(async () => {
        await store.saveBatch(stories);
      });

      it('orders newest first', async () => {
        const page = await store.list({ limit: 100 });
        expect(ids(page)).toEqual(newestFirst);
        expect(page.nextCursor).toBeNull();
      });

      it.each([1, 2, 4, 7])('pages with limit %i without gaps or repeats', async (limit) => {
        expect(await allPages((cursor) => store.list({ limit, cursor }))).toEqual(newestFirst);
      });

      it('pages stories with equal times exactly', async () => {
        await store.saveBatch(
          Array.from({ length: 9 }, (_, i) => story({ id: `tie-${i}`, publishedAt: '2024-05-01T00:00:00Z' })),
        );
        const all = ids(await store.list({ limit: 100 }));
        expect(await allPages((cursor) => store.list({ limit: 2, cursor }))).toEqual(all);
        expect(all).toHaveLength(16);
      });

      it('filters by exact source, and by several sources at once', async () => {
        expect(await allPages((cursor) => store.list({ sources: ['agency'], limit: 1, cursor }))).toEqual([
          'middle',
          'oldest',
        ]);
        expect((await store.list({ sources: ['agenc'], limit: 10 })).stories).toEqual([]);
        expect(await allPages((cursor) => store.list({ sources: ['agency', 'desk'], limit: 2, cursor }))).toEqual([
          'middle',
          'other',
          'oldest',
        ]);
      });

      it('filters by time, from and to inclusive', async () => {
        const from = Date.parse('2024-02-01T00:00:00Z');
        const to = Date.parse('2024-03-02T10:00:00Z');
        expect(await allPages((cursor) => store.list({ from, to, limit: 2, cursor }))).toEqual([
          'b',
          'c',
          'a',
          'other',
        ]);
        expect(ids(await store.list({ to: Date.parse('2024-01-31T00:00:00Z'), limit: 10 }))).toEqual(['oldest']);
      });

      it('continues after the last story seen even when newer stories arrive between pages', async () => {
        const first = await store.list({ limit: 2 });
        await store.saveBatch([story({ id: 'breaking', publishedAt: '2024-04-01T00:00:00Z' })]);
        const rest = await allPages((cursor) => store.list({ limit: 2, cursor: cursor ?? first.nextCursor ?? '' }));
        expect([...ids(first), ...rest]).toEqual(newestFirst);
      });

      it('rejects garbage cursors, cursors of another filter, and bad limits as input errors', async () => {
        for (const cursor of ['garbage!', 'AAAA', '', 'bm90LWEtY3Vyc29y']) {
          await expect(store.list({ limit: 10, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        }
        const cursor = (await store.list({ limit: 1 })).nextCursor ?? '';
        await expect(store.list({ sources: ['agency'], limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(store.list({ limit: 0 })).rejects.toMatchObject({ field: 'limit' });
        await expect(store.list({ limit: 101 })).rejects.toMatchObject({ field: 'limit' });
      });
    });

    describe('search', () => {
      it('requires every term, and finds inflected forms of a word', async () => {
        const both = story({ body: ['Flood waters rise in the valley.'] });
        const one = story({ body: ['Flood defences hold.'] });
        const elections = story({ headline: 'Elections called', body: ['Voters will choose.'] });
        await store.saveBatch([both, one, story({ body: ['Valley vineyards.'] }), elections]);

        const result = await find('flood VALLEY');
        expect(ids(result)).toEqual([both.id]);
        expect(result).toMatchObject({ total: 1, totalIsEstimate: false });
        expect(ids(await find('election'))).toEqual([elections.id]);
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

        const result = await find('cyclone');
        expect(ids(result)).toEqual([inHeadline.id, inBody.id]);
        const [first, second] = result.stories;
        expect(first?.score).toBeGreaterThan(second?.score ?? Infinity);
        expect(second?.score).toBeGreaterThan(0);
      });

      it('ranks by the rarer term when matches differ in which term they repeat', async () => {
        const common = Array.from({ length: 8 }, () => story({ body: ['Market report.'] }));
        const rareTwice = story({ body: ['Market news, tariff tariff.'] });
        const commonTwice = story({ body: ['Market market news about a tariff.'] });
        await store.saveBatch([...common, rareTwice, commonTwice]);
        expect(ids(await find('market tariff'))).toEqual([rareTwice.id, commonTwice.id]);
      });

      it('breaks equal relevance by recency, and sorts by time on request', async () => {
        const same = { headline: 'Same', body: ['Identical text about bridges.'] };
        const older = story({ ...same, id: 'older', publishedAt: '2024-03-01T00:00:00Z' });
        const newer = story({ ...same, id: 'newer', publishedAt: '2024-03-02T00:00:00Z' });
        const relevant = story({
          headline: 'Bridges, bridges',
          body: ['Bridges everywhere.'],
          publishedAt: '2024-01-01T00:00:00Z',
        });
        await store.saveBatch([older, newer, relevant]);

        expect(ids(await find('bridges'))).toEqual([relevant.id, 'newer', 'older']);
        expect(ids(await find('bridges', { sort: 'newest' }))).toEqual(['newer', 'older', relevant.id]);
      });

      it('pages through every match once, with the same total on each page; a small window estimates the total', async () => {
        const matches = Array.from({ length: 23 }, (_, i) =>
          story({
            publishedAt: `2024-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
            body: ['Election results are in.'],
          }),
        );
        await store.saveBatch([...matches, story({ body: ['Unrelated.'] })]);
        const expected = ids(await find('election results'));
        expect(expected).toHaveLength(23);

        const narrow = new RedisStorySearch(redis, store, { candidateWindow: 6 });
        for (const [engine, limit] of [
          [search, 4],
          [narrow, 4],
          [narrow, 10],
        ] as const) {
          const totals: Array<[number, boolean]> = [];
          const paged = await allPages(async (cursor) => {
            const page = await engine.search({ q: 'election results', limit, cursor });
            totals.push([page.total, page.totalIsEstimate]);
            return page;
          });
          expect([...paged].sort()).toEqual([...expected].sort());
          expect(new Set(totals.map(String)).size).toBe(1);
        }
        expect((await narrow.search({ q: 'election results', limit: 5 })).totalIsEstimate).toBe(true);
      });

      it('filters by one or several sources and by time', async () => {
        const wire = story({ source: 'wire', body: ['Rail strike called off.'], publishedAt: '2024-03-01T00:00:00Z' });
        const agency = story({
          source: 'agency',
          body: ['Rail strike goes ahead.'],
          publishedAt: '2024-03-05T00:00:00Z',
        });
        const desk = story({ source: 'desk', body: ['Rail strike talks.'], publishedAt: '2024-03-09T00:00:00Z' });
        await store.saveBatch([wire, agency, desk]);

        expect(ids(await find('rail', { sources: ['agency'] }))).toEqual([agency.id]);
        expect(ids(await find('rail strike', { sources: ['wire'] }))).toEqual([wire.id]);
        expect(ids(await find('rail', { sources: ['wire', 'desk'], sort: 'newest' }))).toEqual([desk.id, wire.id]);
        expect((await find('rail', { sources: ['nobody'] })).total).toBe(0);
        const from = Date.parse('2024-03-02T00:00:00Z');
        const to = Date.parse('2024-03-06T00:00:00Z');
        expect(ids(await find('rail', { from, to }))).toEqual([agency.id]);
      });

      it('matches quoted phrases, excludes words and phrases, and expands prefixes', async () => {
        const bank = story({ body: ['The Bank of England raised rates.'] });
        const england = story({ body: ['England beat the bank holiday crowds.'] });
        const president = story({ body: ['The presidential palace was quiet.'] });
        const presidents = story({ body: ['Former presidents met.'] });
        await store.saveBatch([bank, england, president, presidents]);

        expect(ids(await find('"bank of england"'))).toEqual([bank.id]);
        expect([...ids(await find('bank england'))].sort()).toEqual([bank.id, england.id].sort());
        expect(ids(await find('bank england -rates'))).toEqual([england.id]);
        expect(ids(await find('bank -"bank of england"'))).toEqual([england.id]);
        expect([...ids(await find('presiden*'))].sort()).toEqual([president.id, presidents.id].sort());
        expect((await find('zz*')).total).toBe(0);
      });

      it('highlights the matching passage of each result', async () => {
        const long = story({
          body: [`${'Filler words come first. '.repeat(20)}Then the <volcano> erupted near the village.`],
        });
        await store.saveBatch([long]);
        const [hit] = (await find('volcano village')).stories;
        expect(hit?.snippet).toContain('<mark>volcano</mark>');
        expect(hit?.snippet).toContain('&lt;');
        expect(hit?.snippet).toContain('<mark>village</mark>');
        expect(hit?.snippet.startsWith('…')).toBe(true);
      });

      it('folds case, accents and Arabic spelling variants, and finds CJK text by bigrams', async () => {
        const cafe = story({ headline: 'Café owners “delighted” by ruling' });
        const arabic = story({ headline: 'الانتخابات في مِصْر', body: ['نتائج الإنتخابات الرئاسيّة'] });
        const chinese = story({ body: ['广州地铁新线开通，首班车于早上六点发车。'] });
        await store.saveBatch([cafe, arabic, chinese]);

        expect(ids(await find('CAFE delighted'))).toEqual([cafe.id]);
        expect(ids(await find('مصر'))).toEqual([arabic.id]);
        expect(ids(await find('الإنتخابات'))).toEqual([arabic.id]);
        expect(ids(await find('地铁新线'))).toEqual([chinese.id]);
      });

      it('finds nothing for stopword-only, unknown and blank queries, and writes nothing while searching', async () => {
        await store.saveBatch([story({ headline: "The Minister's Speech", body: ['To be or not to be.'] })]);
        const before = await snapshot(redis);

        expect(await find('to be')).toEqual({ stories: [], nextCursor: null, total: 0, totalIsEstimate: false });
        expect((await find('minister speech')).total).toBe(1);
        expect((await find('speech zebra')).total).toBe(0);
        expect((await find(' ?! ')).total).toBe(0);
        expect(await snapshot(redis)).toEqual(before);
      });

      it('rejects garbage cursors and cursors issued for another query', async () => {
        await store.saveBatch(Array.from({ length: 3 }, () => story({ body: ['Harbour news.'] })));
        const cursor = (await search.search({ q: 'harbour', limit: 1 })).nextCursor ?? '';
        expect(cursor).not.toBe('');

        await expect(search.search({ q: 'harbour', limit: 1, cursor })).resolves.toMatchObject({ total: 3 });
        await expect(search.search({ q: 'news', limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(search.search({ q: 'harbour', sources: ['wire'], limit: 1, cursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        const listCursor = (await store.list({ limit: 1 })).nextCursor ?? '';
        await expect(search.search({ q: 'harbour', limit: 1, cursor: listCursor })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
        for (const garbage of ['%%%', 'AAAA', 'eyJvIjo1fQ']) {
          await expect(search.search({ q: 'harbour', limit: 1, cursor: garbage })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
      });
    });

    describe('retention', () => {
      it('removes old stories with every index entry and near-duplicate link, and keeps the rest', async () => {
        const old = story({ publishedAt: '2020-01-01T00:00:00Z', body: ['Ancient glacier story. '.repeat(12)] });
        const recent = story({ publishedAt: '2024-06-01T00:00:00Z', body: ['Recent glacier story.'] });
        await indexer.index([old, recent]);
        const keysBefore = await allKeys(redis);

        expect(await indexer.removeOlderThan(Date.parse('2023-01-01T00:00:00Z'), 100)).toBe(1);
        expect(await store.get(old.id)).toBeNull();
        expect(ids(await find('glacier'))).toEqual([recent.id]);
        expect((await find('ancient')).total).toBe(0);
        expect(ids(await store.list({ limit: 10 }))).toEqual([recent.id]);
        expect(await store.count()).toBe(1);
        const keysAfter = await allKeys(redis);
        expect(keysAfter.filter((key) => key.includes('ancient') || key.includes(old.id))).toEqual([]);
        expect(keysAfter.length).toBeLessThan(keysBefore.length);
        expect(await indexer.removeOlderThan(Date.parse('2023-01-01T00:00:00Z'), 100)).toBe(0);
      });
    });

    describe('rebuilding into a new generation', () => {
      it('keeps answering from the old generation until the switch, then drops it', async () => {
        const kept = story({ body: ['Lighthouse keeper retires.'] });
        await indexer.index([kept]);
        const rebuild = await StoryIndexRebuild.begin(store, indexer);
        // While the rebuild runs, the live indexer writes both generations.
        const live = story({ body: ['Lighthouse restored.'] });
        await indexer.index([live]);
        expect((await find('lighthouse')).total).toBe(2);

        await rebuild.write([kept]);
        expect(await rebuild.finish()).toBeGreaterThan(0);
        expect([...ids(await find('lighthouse'))].sort()).toEqual([kept.id, live.id].sort());
        expect(await store.get(kept.id)).toEqual(kept);
        expect((await allKeys(redis)).some((key) => key.includes(`g${rebuild.previous}`))).toBe(false);
      });
    });
  });
}
