import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

/** Bodies too large to keep as files in the repository, built on demand by the hostile-corpus tests. */
export type HostileGenerator = () => Buffer;

// Far above the ingest body limit (5 MB) once inflated, a few kilobytes on the wire.
const BOMB_BYTES = 64 * 1024 * 1024;

function bombPayload(): Buffer {
  const head = Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><description>');
  return Buffer.concat([head, Buffer.alloc(BOMB_BYTES - head.length, 0x61)]);
}

const MB = 1024 * 1024;

/** `unit` repeated until the body is about `bytes` long, between a head and a tail. */
function flood(head: string, unit: string, bytes: number, tail = ''): Buffer {
  return Buffer.from(head + unit.repeat(Math.floor((bytes - head.length - tail.length) / unit.length)) + tail);
}

const RSS_HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>';
const JSON_FEED_HEAD = '{"version":"https://jsonfeed.org/version/1.1","title":"Flood","items":[';
const deepHtml = (opening: string, levels: number): string => `${opening.repeat(levels)}deep`;

export const generators: Record<string, HostileGenerator> = {
  gzipBomb: () => gzipSync(bombPayload(), { level: 9 }),
  deflateBomb: () => deflateSync(bombPayload(), { level: 9 }),
  brBomb: () => brotliCompressSync(bombPayload(), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  /** Just over the default 5 MB ingest body limit, uncompressed. */
  overLimitBody: () => {
    const item = '<item><title>t</title><description>' + 'x'.repeat(1000) + '</description></item>';
    return Buffer.from(
      `<rss version="2.0"><channel>${item.repeat(Math.ceil((5 * 1024 * 1024 + 1) / item.length))}</channel></rss>`,
    );
  },
  /** A page over the 512 KB article limit: refused before it is parsed. */
  overLimitHtmlPage: () => Buffer.from(`<html><body>${`<p>${'word '.repeat(200)}</p>`.repeat(600)}</body></html>`),

  // Unclosed sections: a scan for their end from every opening is quadratic; 4.9 MB once took 3 minutes.
  cdataFlood: () => flood(`${RSS_HEAD}<item><description>`, '<![CDATA[', 4.9 * MB),
  cdataFloodSmall: () => flood(`${RSS_HEAD}<item><description>`, '<![CDATA[', 1.5 * MB),
  cdataDoctypeFlood: () => flood(`${RSS_HEAD}<item><description>`, '<![CDATA[<!DOCTYPE x>', 4.9 * MB),
  commentFlood: () => flood(`${RSS_HEAD}<item><description>`, '<!--', 4.9 * MB),
  processingInstructionFlood: () => flood(RSS_HEAD, '<?cleanwire ', 4.9 * MB),
  // Millions of tiny items: refused by count before a single one is built.
  jsonTinyItems: () => flood('[', '0,', 5 * MB - 2, '0]'),
  jsonEmptyObjects: () => flood('[', '{},', 4.9 * MB, '{}]'),
  jsonFeedEmptyItems: () => flood(JSON_FEED_HEAD, '{},', 4.9 * MB, '{}]}'),
  ndjsonEmptyObjects: () => flood('', '{}\n', 4.9 * MB),
  ndjsonBlankLines: () => flood('', '\r\n', 4.9 * MB),
  rssEmptyItems: () => flood(RSS_HEAD, '<item/>', 4.55 * MB, '</channel></rss>'),
  atomEmptyEntries: () =>
    flood('<feed xmlns="http://www.w3.org/2005/Atom"><title>Flood</title>', '<entry/>', 4.9 * MB, '</feed>'),
  xmlElementFlood: () =>
    flood(`${RSS_HEAD}<item><title>t</title><description>d</description>`, '<a/>', 4.8 * MB, '</item></channel></rss>'),
  // An item whose HTML nests 29,000 deep: the normalizer's parser recurses, so ingest refuses it.
  jsonFeedDeepHtml: () =>
    Buffer.from(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Deep',
        items: [{ id: '1', title: 'Deep', content_html: deepHtml('<div>', 29_000) }],
      }),
    ),
  jsonFeedDeepLists: () =>
    Buffer.from(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Deep',
        items: [{ id: '1', title: 'Deep', content_html: deepHtml('<ul><li>', 15_000) }],
      }),
    ),
  rssDeepHtml: () =>
    Buffer.from(
      `${RSS_HEAD}<item><title>Deep</title><description><![CDATA[${deepHtml('<div/>', 29_000)}]]></description></item></channel></rss>`,
    ),
  atomDeepHtml: () =>
    Buffer.from(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><entry><title>Deep</title><id>urn:x:1</id>` +
        `<content type="html">${deepHtml('&lt;span&gt;', 29_000)}</content></entry></feed>`,
    ),
  // Headers past Node's 16 KB limit.
  headerOverflow: () =>
    Buffer.from(`POST /v1/feeds HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`),
};
