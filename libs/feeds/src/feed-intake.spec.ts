import { InvalidInputError, TooLargeError, UnsupportedFormatError } from '@cleanwire/contracts';
import { type FeedRequest, readFeed } from './feed-intake';
import { storyId } from './story-id';

const limits = { maxItems: 10, maxArticleBytes: 1000 };
const receivedAt = new Date('2026-11-24T12:00:00Z');
const request = (mediaType: string | undefined, body: string, source?: string): FeedRequest => ({
  mediaType,
  body: Buffer.from(body),
  source,
  receivedAt,
});

describe('readFeed', () => {
  it('splits a text dump into raw articles headed by their first line', () => {
    const intake = readFeed(request('text/plain', 'One\n\nAlpha.\n\n\n\nTwo\n\nBeta.', 'Wire'), limits);
    expect(intake.rejected).toEqual([]);
    expect(intake.accepted.map(({ index, article }) => [index, article.id, article.source, article.format])).toEqual([
      [0, storyId('Wire', { headline: 'One' }), 'Wire', 'text'],
      [1, storyId('Wire', { headline: 'Two' }), 'Wire', 'text'],
    ]);
    expect(intake.accepted[0]!.article).toMatchObject({
      body: 'One\n\nAlpha.',
      receivedAt: '2026-11-24T12:00:00.000Z',
    });
  });

  it('requires a source for a text dump', () => {
    expect(() => readFeed(request('text/plain', 'One\n\nAlpha.'), limits)).toThrow(InvalidInputError);
  });

  it('reads one JSON article or an array, with ids from the url or the headline', () => {
    const single = readFeed(
      request('application/json', '{"source":"Wire","url":"https://x.org/1","body":"Text."}'),
      limits,
    );
    expect(single.accepted[0]!.article.id).toBe(storyId('Wire', { url: 'https://x.org/1' }));
    const array = readFeed(
      request('application/json', '[{"source":"Wire","headline":"  Big  News ","body":"Text."}]'),
      limits,
    );
    expect(array.accepted[0]!.article.id).toBe(storyId('Wire', { headline: 'big news' }));
  });

  it('takes ?source= as the default source of JSON articles', () => {
    const intake = readFeed(request('application/json', '{"body":"Text."}', 'Wire'), limits);
    expect(intake.accepted[0]!.article.source).toBe('Wire');
  });

  it('rejects bad items by index and keeps the good ones', () => {
    const body = JSON.stringify([
      { source: 'Wire', body: 'ok' },
      { source: 'Wire', body: '' },
      'nope',
      { source: 'Wire', body: 'x', extra: 1 },
    ]);
    const intake = readFeed(request('application/json', body), limits);
    expect(intake.accepted.map((item) => item.index)).toEqual([0]);
    expect(intake.rejected.map((item) => item.index)).toEqual([1, 2, 3]);
    expect(intake.rejected[0]!.reason).toMatch(/^body:/);
    expect(intake.rejected[2]!.reason).toMatch(/extra/);
  });

  it('rejects an article over the size limit and a feed over the item limit', () => {
    const big = JSON.stringify([
      { source: 'Wire', body: 'x'.repeat(1001) },
      { source: 'Wire', body: 'small' },
    ]);
    expect(readFeed(request('application/json', big), limits).rejected[0]!.reason).toMatch(/exceeds the limit/);
    const many = JSON.stringify(Array.from({ length: 11 }, () => ({ source: 'Wire', body: 'x' })));
    expect(() => readFeed(request('application/json', many), limits)).toThrow(TooLargeError);
  });

  it('names the problem of a body it cannot read', () => {
    expect(() => readFeed(request('application/json', '{'), limits)).toThrow(/not valid JSON/);
    expect(() => readFeed(request('application/json', '[]'), limits)).toThrow(/no article/);
    expect(() => readFeed(request('text/plain', '', 'Wire'), limits)).toThrow(/empty/);
    expect(() => readFeed(request('application/xml', '<a/>'), limits)).toThrow(UnsupportedFormatError);
    expect(() =>
      readFeed({ ...request('text/plain', '', 'Wire'), body: Buffer.from([0xff, 0xfe, 0x41]) }, limits),
    ).toThrow(/UTF-8/);
  });

  it('normalizes publishedAt to UTC', () => {
    const intake = readFeed(
      request('application/json', '{"source":"W","body":"b","publishedAt":"2026-01-02T03:04:05+02:00"}'),
      limits,
    );
    expect(intake.accepted[0]!.article.publishedAt).toBe('2026-01-02T01:04:05.000Z');
  });
});

describe('storyId', () => {
  it('is stable, case- and space-insensitive in the headline, and differs by source', () => {
    expect(storyId('Wire', { headline: 'Big News' })).toBe(storyId('Wire', { headline: ' big   news ' }));
    expect(storyId('Wire', { headline: 'Big News' })).not.toBe(storyId('Other', { headline: 'Big News' }));
    expect(storyId('Wire', { url: 'https://x.org/1', headline: 'A' })).toBe(
      storyId('Wire', { url: 'https://x.org/1', headline: 'B' }),
    );
    expect(storyId('Wire', { url: 'https://x.org/1' })).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
