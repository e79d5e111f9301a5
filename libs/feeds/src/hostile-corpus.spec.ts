import fc from 'fast-check';
import { InvalidInputError, TooLargeError, UnsupportedFormatError } from '@cleanwire/contracts';
import { generators } from '../../../test/corpus/hostile/generators';
import { type HostileCase, hostileBody, hostileCases } from '../../../test/corpus/hostile/hostile-case';
import { type FeedRequest, readFeed, SUPPORTED_MEDIA_TYPES } from './feed-intake';

const cases = hostileCases();
const limits = { maxItems: 1000, maxArticleBytes: 512 * 1024, maxDepth: 64 };
const receivedAt = new Date('2026-11-24T12:00:00Z');

// The HTTP filter's mapping, by class: libs may not import each other by path.
function statusOf(error: unknown): number {
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof UnsupportedFormatError) return 415;
  if (error instanceof TooLargeError) return 413;
  throw error;
}

function requestOf(hostile: HostileCase, body: Buffer): FeedRequest {
  const [mediaType, ...parameters] = (hostile.contentType ?? '').split(';').map((part) => part.trim());
  const charset = parameters.find((parameter) => /^charset=/i.test(parameter))?.slice('charset='.length);
  return {
    mediaType: mediaType || undefined,
    body,
    source: hostile.source ?? 'Hostile',
    receivedAt,
    ...(charset ? { charset } : {}),
    ...(hostile.url ? { url: hostile.url } : {}),
  };
}

describe('the hostile corpus', () => {
  it('holds at least 50 cases, each with a body, bombs and an over-limit body among them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(cases.filter((hostile) => hostile.contentEncoding).map((hostile) => hostile.contentEncoding)).toEqual(
      expect.arrayContaining(['gzip', 'deflate', 'br']),
    );
    for (const hostile of cases)
      expect(hostile.file ?? hostile.text ?? generators[hostile.generate ?? '']).toBeDefined();
  });

  it.each(cases.filter((hostile) => hostile.layer !== 'http').map((hostile) => [hostile.name, hostile] as const))(
    '%s is refused with its status and reason',
    (_name, hostile) => {
      let thrown: unknown;
      try {
        readFeed(requestOf(hostile, hostileBody(hostile)), limits);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect({ status: statusOf(thrown), message: (thrown as Error).message.toLowerCase() }).toEqual({
        status: hostile.status,
        message: expect.stringContaining(hostile.message.toLowerCase()),
      });
    },
  );
});

describe('readFeed on arbitrary input', () => {
  const mediaTypes = [...SUPPORTED_MEDIA_TYPES, 'image/png', undefined];
  const markup = fc.array(
    fc.constantFrom(
      '<rss>',
      '</rss>',
      '<channel>',
      '</channel>',
      '<item>',
      '</item>',
      '<title>',
      '</title>',
      '<description>',
      '</description>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '<entry>',
      '</entry>',
      '</feed>',
      '<![CDATA[',
      ']]>',
      '&amp;',
      '&#0;',
      '&#x110000;',
      '&bogus;',
      '<!DOCTYPE x>',
      '<?xml version="1.0"?>',
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '\n',
      '<p>',
      '</p>',
      '<html>',
      'text',
      '\u0000',
      '\uFFFF',
      'é',
    ),
    { maxLength: 40 },
  );
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 300 }).map((text) => Buffer.from(text)),
    markup.map((parts) => Buffer.from(parts.join(''))),
  );

  it('throws nothing but our error classes, and every accepted article is valid', () => {
    fc.assert(
      fc.property(
        bodies,
        fc.constantFrom(...mediaTypes),
        fc.constantFrom(undefined, 'utf-8', 'gbk', 'bogus'),
        (body, mediaType, charset) => {
          try {
            const intake = readFeed({ mediaType, body, source: 'Fuzz', receivedAt, charset }, limits);
            for (const { article } of intake.accepted) expect(article.body.trim()).not.toBe('');
          } catch (error) {
            expect([400, 413, 415]).toContain(statusOf(error));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
