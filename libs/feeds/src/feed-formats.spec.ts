import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storyFromArticle } from '@cleanwire/cleaning';
import { type FeedRequest, readFeed } from './feed-intake';
import { ndjsonLineItem } from './formats/ndjson.format';

const CORPUS = path.resolve(__dirname, '../../../test/corpus/feeds');
const limits = { maxItems: 100, maxArticleBytes: 512 * 1024 };
const receivedAt = new Date('2026-11-24T12:00:00Z');
const request = (file: string, mediaType: string, extra: Partial<FeedRequest> = {}): FeedRequest => ({
  mediaType,
  body: readFileSync(path.join(CORPUS, file)),
  source: undefined,
  receivedAt,
  ...extra,
});
const articles = (feed: FeedRequest) => readFeed(feed, limits).accepted.map(({ article }) => article);

describe('feed formats', () => {
  it('reads an RSS 2.0 news feed: content:encoded as HTML, relative links, guids, Media RSS captions', () => {
    const intake = readFeed(request('rss2-news.xml', 'application/rss+xml', { source: 'Gazette' }), limits);
    expect(intake.format).toBe('rss');
    const [strike, ferry] = intake.accepted.map(({ article }) => article);
    expect(strike).toMatchObject({
      source: 'Gazette',
      url: 'https://gazette.example/world/2026/11/port-strike-ends',
      headline: 'Port strike ends after talks & a late-night vote',
      bodyFormat: 'html',
      captions: ['Cranes stand idle at the east terminal.'],
      publishedAt: '2026-11-24T08:30:00.000Z',
      format: 'rss',
    });
    expect(strike!.body).toContain('<p>Dock workers voted late on Monday');
    // A permalink guid stands in for the missing link; a plain-text description stays text.
    expect(ferry).toMatchObject({
      url: 'https://gazette.example/world/2026/11/ferry-winter',
      bodyFormat: 'text',
      captions: ['The morning ferry leaves the north quay.'],
    });
    const story = storyFromArticle(strike!, receivedAt);
    expect(story.body).toEqual([
      'Dock workers voted late on Monday to end a nine-day strike that had idled the city’s container terminals.',
      'The union said the deal raises night-shift pay by 6 per cent.',
    ]);
    expect(story.captions).toEqual(['Cranes stand idle at the east terminal.']);
  });

  it('takes the channel title as the source only when the request names none', () => {
    expect(articles(request('rss2-news.xml', 'application/xml'))[0]!.source).toBe('Harbour Gazette – World');
  });

  it('reads an RSS 1.0 (RDF) feed, using rdf:about as the guid', () => {
    const intake = readFeed(request('rss1-rdf.xml', 'application/rdf+xml'), limits);
    expect(intake.format).toBe('rdf');
    const [bridge, library] = intake.accepted.map(({ article }) => article);
    expect(bridge).toMatchObject({
      source: 'Valley Times',
      url: 'https://valley-times.example/n/101',
      headline: 'Bridge reopens to lorries',
      bodyFormat: 'text',
      publishedAt: '2026-11-20T07:00:00.000Z',
    });
    expect(library).toMatchObject({ headline: 'Library extends hours', bodyFormat: 'html' });
    expect(library!.url).toBeUndefined();
    expect(storyFromArticle(library!, receivedAt).body).toEqual([
      'The central library will open until 9pm on weekdays.',
    ]);
  });

  it('reads an Atom blog feed: xml:base, html titles, xhtml content, summary fallback', () => {
    const intake = readFeed(request('atom-blog.xml', 'application/atom+xml', { source: 'Notes' }), limits);
    expect(intake.format).toBe('atom');
    const [swifts, quiet] = intake.accepted.map(({ article }) => article);
    expect(swifts).toMatchObject({
      url: 'https://notes.example/posts/swifts',
      headline: 'Counting swifts over the reservoir',
      bodyFormat: 'html',
      publishedAt: '2026-11-21T23:00:00.000Z',
    });
    expect(storyFromArticle(swifts!, receivedAt).body).toEqual([
      'We counted 412 swifts at dusk.',
      'That is twice last year’s tally.',
    ]);
    expect(quiet).toMatchObject({ body: 'Nothing to report but rain.', bodyFormat: 'text' });
    expect(quiet!.url).toBeUndefined();
  });

  it('reads a JSON Feed 1.1: content_html over content_text, ids as guids, feed title as fallback source', () => {
    const intake = readFeed(request('json-feed-1.1.json', 'application/json'), limits);
    expect(intake.format).toBe('jsonfeed');
    const [tram, budget] = intake.accepted.map(({ article }) => article);
    expect(tram).toMatchObject({ source: 'Metro Wire', bodyFormat: 'html', headline: 'New tram line opens' });
    expect(tram!.body).toContain('<p>Fares stay unchanged');
    expect(budget).toMatchObject({ bodyFormat: 'text', publishedAt: '2026-11-23T15:30:00.000Z' });
    expect(budget!.id).not.toBe(
      articles(request('json-feed-1.1.json', 'application/feed+json', { source: 'Other' }))[1]!.id,
    );
  });

  it('reads an NDJSON bulk export line by line, refusing bad lines on their own', () => {
    const intake = readFeed(request('bulk-export.ndjson', 'application/x-ndjson'), limits);
    expect(intake.format).toBe('ndjson');
    expect(intake.accepted.map(({ index }) => index)).toEqual([0, 1, 3]);
    expect(intake.rejected).toEqual([{ index: 2, reason: 'body: must not be empty' }]);
    expect(ndjsonLineItem('{"body":')).toEqual({ reason: expect.stringMatching(/not valid JSON/) });
    expect(
      ndjsonLineItem(
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      ),
    ).toEqual({ reason: expect.stringMatching(/deeper than 64/) });
  });

  it('reads a news page: Readability keeps the article, nav, share bar, related box and footer become cuts', () => {
    const feed = request('news-page.html', 'text/html', { source: 'Riverside Post' });
    const [page] = articles(feed);
    expect(page).toMatchObject({
      url: 'https://riverside-post.example/news/flood-defences',
      headline: 'Flood defences approved for the old town',
      bodyFormat: 'html',
      format: 'html',
      publishedAt: '2026-11-24T06:45:00.000Z',
    });
    expect(articles({ ...feed, url: 'https://riverside-post.example/x' })[0]!.url).toBe(
      'https://riverside-post.example/x',
    );
    const story = storyFromArticle(page!, receivedAt);
    expect(story.headline).toBe('Flood defences approved for the old town');
    expect(story.captions).toEqual(['The new wall will run along the east bank.']);
    expect(story.body).toHaveLength(4);
    expect(story.body[0]).toMatch(/^The council approved a £12m flood wall/);
    const boilerplate = story.cuts.filter((cut) => cut.reason === 'html-boilerplate');
    expect(boilerplate.map((cut) => [cut.text, cut.element])).toEqual(
      expect.arrayContaining([
        ['Home', 'nav.site-nav'],
        ['Share Tweet Email', 'div.share'],
        ['Related stories', 'aside.related'],
        ['© 2026 The Riverside Post', 'footer'],
      ]),
    );
    // Cut lines count the page's text blocks in document order.
    const lines = story.cuts.map((cut) => cut.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(boilerplate[0]).toMatchObject({ line: 1, text: 'Home' });
  });

  it.each([
    [
      'rss-windows-1252.xml',
      'Café owners “delighted” by ruling',
      'The café terrace may stay open until 23:00 – a €500 fee applies.',
    ],
    ['rss-gb2312.xml', '广州地铁新线开通', '广州地铁十号线今天正式开通运营。\n\n首班车于早上六点发车。'],
  ])('decodes %s by its XML declaration', (file, headline, body) => {
    const [article] = articles(request(file, 'application/rss+xml', { source: 'Wire' }));
    expect(article).toMatchObject({ headline, body });
  });

  it('lets the charset parameter win over the XML declaration, and a BOM over both', () => {
    const utf8 = Buffer.from(
      '<?xml version="1.0" encoding="windows-1252"?><rss><channel><item><title>é</title><description>ü</description></item></channel></rss>',
    );
    expect(
      articles({ mediaType: 'text/xml', body: utf8, charset: 'utf-8', source: 'W', receivedAt })[0]!.headline,
    ).toBe('é');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    expect(
      articles({ mediaType: 'text/xml', body: bom, charset: 'koi8-r', source: 'W', receivedAt })[0]!.headline,
    ).toBe('é');
  });

  it('sniffs every format from an application/octet-stream body', () => {
    const sniffed = (file: string) =>
      readFeed(request(file, 'application/octet-stream', { source: 'W' }), limits).format;
    expect(
      [
        'rss2-news.xml',
        'rss1-rdf.xml',
        'atom-blog.xml',
        'json-feed-1.1.json',
        'bulk-export.ndjson',
        'news-page.html',
      ].map(sniffed),
    ).toEqual(['rss', 'rdf', 'atom', 'jsonfeed', 'ndjson', 'html']);
    const text = { mediaType: 'application/octet-stream', body: Buffer.from('One\n\nAlpha.'), source: 'W', receivedAt };
    expect(readFeed(text, limits).format).toBe('text');
  });
});
