import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storyFromArticle } from '@cleanwire/cleaning';
import { type FeedRequest, readFeed } from './feed-intake';
import { readDate } from './feed-item';

const CORPUS = path.resolve(__dirname, '../../../test/corpus/feeds');
const limits = { maxItems: 100, maxArticleBytes: 512 * 1024 };
const receivedAt = new Date('2026-11-24T12:00:00Z');
const post = (body: Buffer | string, mediaType: string, extra: Partial<FeedRequest> = {}) =>
  readFeed({ mediaType, body: Buffer.from(body), source: 'Wire', receivedAt, ...extra }, limits);
const stories = (body: Buffer | string, mediaType: string, extra: Partial<FeedRequest> = {}) =>
  post(body, mediaType, extra).accepted.map(({ article }) => storyFromArticle(article, receivedAt));

describe('intake never refuses good content for a bad detail', () => {
  it('makes headline-only RSS 1.0 items stories with an empty body, linked by their url', () => {
    const intake = post(readFileSync(path.join(CORPUS, 'rss1-headlines-only.xml')), 'application/rdf+xml');
    expect(intake.rejected).toEqual([]);
    const [first] = intake.accepted.map(({ article }) => storyFromArticle(article, receivedAt));
    expect(first).toMatchObject({
      headline: 'Harbour ferry returns after winter repairs',
      url: 'https://gazette.example/2026/11/ferry-returns',
      body: [],
      text: '',
      wordCount: 0,
    });
  });

  it('still refuses an item with neither headline nor body', () => {
    const intake = post(
      '<rss><channel><item><title>Kept</title></item><item><link>https://x.example/</link></item></channel></rss>',
      'application/rss+xml',
    );
    expect(intake.rejected).toEqual([{ index: 1, reason: 'body: must not be empty without a headline' }]);
  });

  it('decodes an undeclared Latin-1 feed by detection, records the guess, and drops an unreadable date with a note', () => {
    const [story] = stories(readFileSync(path.join(CORPUS, 'rss-latin1-undeclared.xml')), 'application/rss+xml');
    expect(story).toMatchObject({
      headline: 'Café terrace reopens',
      body: ['The café terrace on the square reopens on Monday, the owner said.'],
      detectedCharset: 'windows-1252',
    });
    expect(story!.publishedAt).toBeUndefined();
    expect(story!.notes).toEqual([
      'charset: none declared and not UTF-8; decoded as windows-1252',
      'publishedAt: not a date, dropped: the day after tomorrow',
    ]);
  });

  it('keeps JSON strict: a body that is not UTF-8 is refused (RFC 8259)', () => {
    expect(() => post(Buffer.from('{"body":"caf\xe9"}', 'latin1'), 'application/json')).toThrow(/not valid UTF-8/);
  });

  it('reads an HTML page whose few bad bytes do not fit its declared UTF-8, as a browser does', () => {
    const page = Buffer.concat([
      Buffer.from('<html><head><meta charset="utf-8"><title>Köln</title></head><body><p>Köln feiert. '),
      Buffer.from([0xe9]),
      Buffer.from(' Ende.</p></body></html>'),
    ]);
    const [story] = stories(page, 'text/html');
    expect(story!.body).toEqual(['Köln feiert. \uFFFD Ende.']);
    expect(story!.notes).toEqual(['charset: 1 byte sequences invalid in the declared UTF-8 were replaced']);
  });

  it('finds a meta charset declared after the first 1024 bytes of the head', () => {
    const head = `<html><head><script>${'var x = 1;\n'.repeat(150)}</script><meta charset="windows-1250"><title>Wiadomości</title>`;
    const page = Buffer.concat([
      Buffer.from(head),
      Buffer.from('</head><body><p>Zag', 'latin1'),
      Buffer.from([0xb3, 0xf3]),
      Buffer.from('d</p></body></html>'),
    ]);
    expect(stories(page, 'text/html')[0]!.body).toEqual(['Zagłód']);
  });

  it('drops NULs deep in a page (padding after an image) but refuses a body that starts binary', () => {
    const padded = `<html><body><p>${'Words of the story. '.repeat(500)}</p><img src="a.gif">\u0000\u0000<p>End.</p></body></html>`;
    expect(stories(padded, 'text/html')[0]!.body.at(-1)).toBe('End.');
    expect(() => post('<html><body><p>a\u0000b</p></body></html>', 'text/html')).toThrow(/binary/);
  });

  it('refuses a page that can never be a story (script-only, frameset) at intake', () => {
    expect(() => post('<html><body><div id="app"></div><script>boot()</script></body></html>', 'text/html')).toThrow(
      /shows no text/,
    );
    expect(() => post('<html><frameset><frame src="a.html"></frameset></html>', 'text/html')).toThrow(/shows no text/);
  });
});

describe('readDate', () => {
  it.each([
    ['Mon, 02 May 2022 10:00:00 GMT', '2022-05-02T10:00:00.000Z'],
    ['1651626439', '2022-05-04T01:07:19.000Z'],
    ['20210504T132005+0200', '2021-05-04T11:20:05.000Z'],
    ['2022-01-27T12:45:36.270+01', '2022-01-27T11:45:36.270Z'],
  ])('reads %s', (text, iso) => expect(readDate(text)).toBe(iso));

  it.each(['2022-05-04-0305:49:00-10800', 'Di., 25.01.2022 - 14:45', 'the day after tomorrow', '0001-01-01'])(
    'drops %s',
    (text) => expect(readDate(text)).toBeUndefined(),
  );
});

describe('sniffing falls back', () => {
  it('reads a generic body that opens like JSON but is a text dump as a text dump', () => {
    const dump = '[Video] Storm brings down power lines\n\nHigh winds brought down power lines overnight.\n';
    const intake = post(dump, 'application/octet-stream');
    expect(intake.format).toBe('text');
    expect(storyFromArticle(intake.accepted[0]!.article, receivedAt).headline).toBe(
      '[Video] Storm brings down power lines',
    );
  });

  it('reads a generic body that opens like a feed but does not parse as a text dump', () => {
    expect(
      post('<rss> is the feed format this newsletter explains\n\nMore below.', 'application/octet-stream').format,
    ).toBe('text');
  });

  it('never falls back past a refusal made for safety, nor for a labelled type', () => {
    expect(() => post('<!DOCTYPE rss [<!ENTITY a "b">]><rss/>', 'application/octet-stream')).toThrow(/DOCTYPE/);
    expect(() => post('[Video] not JSON', 'application/json')).toThrow(/not valid JSON/);
  });
});

describe('stories are plain text, whatever the format', () => {
  it('reads markup out of an HTML title or og:title holding a script', () => {
    const page =
      '<html><head><meta property="og:title" content="&lt;script&gt;alert(1)&lt;/script&gt;Council votes"></head><body><p>The council voted on Tuesday.</p></body></html>';
    expect(stories(page, 'text/html')[0]!.headline).toBe('Council votes');
  });

  it('unescapes a double-escaped RSS title and an Atom type="text" title with escaped tags', () => {
    const rss =
      '<rss><channel><item><title>&amp;lt;b&amp;gt;Floods&amp;lt;/b&amp;gt; close roads</title><description>Text.</description></item></channel></rss>';
    expect(stories(rss, 'application/rss+xml')[0]!.headline).toBe('Floods close roads');
    const atom =
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">&lt;em&gt;Budget&lt;/em&gt; passes</title><content>Text.</content></entry></feed>';
    expect(stories(atom, 'application/atom+xml')[0]!.headline).toBe('Budget passes');
  });

  it('reads tags out of a JSON article headline and body', () => {
    const json = JSON.stringify({
      headline: '<b>Bridge</b> reopens',
      body: '<p>The bridge reopened.</p><p>Traffic flows.</p>',
    });
    expect(stories(json, 'application/json')[0]).toMatchObject({
      headline: 'Bridge reopens',
      body: ['The bridge reopened.', 'Traffic flows.'],
    });
    const text = JSON.stringify({ headline: 'Bridge', body: 'First <i>paragraph</i>.\n\nSecond <br> one.' });
    expect(stories(text, 'application/json')[0]!.body).toEqual(['First paragraph.', 'Second one.']);
  });
});
