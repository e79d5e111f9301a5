import type { FeedFormat } from '@cleanwire/contracts';
import { InvalidInputError, UnsupportedFormatError } from '@cleanwire/contracts';
import { type AcceptedItem, admitItem, type FeedLimits, type RejectedItem, tooManyItems } from './feed-item';
import { type BodyText, decodeBody } from './body-text';
import { atomItems } from './formats/atom.format';
import { absoluteUrl, type FeedExtraction } from './formats/feed-fields';
import { htmlPageItem } from './formats/html-page.format';
import { isJsonFeed, jsonFeedItems } from './formats/json-feed.format';
import { jsonArticleItem, jsonArticleValues } from './formats/json-articles.format';
import { ndjsonItems } from './formats/ndjson.format';
import { RDF_NS, rdfItems } from './formats/rdf.format';
import { rssItems } from './formats/rss.format';
import { textDumpItems } from './formats/text-dump.format';
import { fallsBackToText, sniffSyntax } from './format-sniffing';
import { parseJsonDocument } from './json-document';
import { feedTitleSourceName, requestSourceName } from './source-name';
import { parseXmlDocument } from './xml-document';

export interface FeedRequest {
  /** The request's media type without parameters, lower case. */
  mediaType: string | undefined;
  body: Buffer;
  /** The source named by `?source=` or the X-Cleanwire-Source header. */
  source: string | undefined;
  receivedAt: Date;
  /** The Content-Type's charset parameter, when it has one. */
  charset?: string;
  /** The address of a single HTML page (`?url=`). */
  url?: string;
}

/** What a feed yields: raw articles ready to publish, and the items that were refused with the reason. */
export interface FeedIntake {
  format: FeedFormat;
  accepted: AcceptedItem[];
  rejected: RejectedItem[];
}

export const SUPPORTED_MEDIA_TYPES = [
  'text/plain',
  'application/json',
  'application/x-ndjson',
  'application/feed+json',
  'application/rss+xml',
  'application/rdf+xml',
  'application/atom+xml',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
] as const;

/** Nesting depth of JSON values and XML elements when the limits do not say. */
export const DEFAULT_MAX_DEPTH = 64;

/** Reads a posted feed into raw articles, validating each item on its own. */
export function readFeed(request: FeedRequest, limits: FeedLimits): FeedIntake {
  if (request.body.length === 0) throw new InvalidInputError('the request body is empty');
  // Each format stops reading once it counted more items than the limit, before building them.
  const extraction = extractItems(request, limits);
  const { format, items, feedTitle } = extraction;
  if (items.length > limits.maxItems) throw tooManyItems(limits.maxItems);
  // A text dump carries no source of its own, so the request must name one.
  // A feed's own title stands in only when the request names no source.
  const fallbackSource =
    request.source === undefined && format === 'text'
      ? parseSource(undefined)
      : request.source === undefined
        ? feedTitleSourceName(feedTitle)
        : parseSource(request.source);
  const intake: FeedIntake = { format, accepted: [], rejected: [] };
  items.forEach((item, index) => {
    if ('reason' in item) {
      intake.rejected.push({ index, reason: item.reason });
      return;
    }
    const verdict = admitItem(item, index, {
      format,
      fallbackSource,
      receivedAt: request.receivedAt,
      limits,
      ...decodingOf(extraction),
    });
    if ('accepted' in verdict) intake.accepted.push(verdict.accepted);
    else intake.rejected.push(verdict.rejected);
  });
  if (intake.accepted.length === 0) {
    const reasons = intake.rejected.map((item) => `item ${item.index}: ${item.reason}`).join('; ');
    throw new InvalidInputError(`the feed holds no valid article (${reasons})`);
  }
  return intake;
}

/** Items, their format, and how the body's encoding was guessed when it was. */
type Extraction = FeedExtraction & { format: FeedFormat; decoding?: Omit<BodyText, 'text'> };

function extractItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const { body, charset } = request;
  switch (request.mediaType) {
    case 'text/plain':
      return textItems(decodeBody(body, 'text', charset), limits.maxItems);
    case 'application/json':
    case 'application/feed+json':
      return jsonItems(decodeBody(body, 'json', charset).text, limits, request.mediaType === 'application/feed+json');
    case 'application/x-ndjson':
      return { format: 'ndjson', items: ndjsonItems(decodeBody(body, 'json', charset).text, limits.maxItems) };
    case 'application/rss+xml':
    case 'application/rdf+xml':
    case 'application/atom+xml':
    case 'application/xml':
    case 'text/xml':
      return xmlItems(decodeBody(body, 'xml', charset), limits);
    case 'text/html':
      return htmlItems(request, limits);
    case 'application/octet-stream':
      return sniffedItems(request, limits);
    default:
      throw new UnsupportedFormatError(
        `unsupported content type ${request.mediaType ?? '(none)'}; send one of ${SUPPORTED_MEDIA_TYPES.join(', ')}`,
      );
  }
}

/**
 * A body of unknown type: its syntax is sniffed from its first bytes, then read as if it had been labelled so. A body
 * that only looks like JSON or XML ("[Video] Floods..." opens a text dump) is read as a text dump before it is refused.
 */
function sniffedItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const syntax = sniffSyntax(request.body);
  if (syntax === 'html') return htmlItems(request, limits);
  if (syntax === 'text') return textItems(decodeBody(request.body, 'text', request.charset), limits.maxItems);
  try {
    return structuredItems(request, syntax, limits);
  } catch (error) {
    if (!fallsBackToText(error)) throw error;
    try {
      return textItems(decodeBody(request.body, 'text', request.charset), limits.maxItems);
    } catch {
      throw error;
    }
  }
}

function structuredItems(request: FeedRequest, syntax: 'json' | 'xml', limits: FeedLimits): Extraction {
  if (syntax === 'xml') return xmlItems(decodeBody(request.body, 'xml', request.charset), limits);
  const { text } = decodeBody(request.body, 'json', request.charset);
  // Several JSON values, one a line, are NDJSON: a first line that is a whole JSON value followed by another line
  // cannot be one JSON document. One value is a JSON Feed or JSON articles.
  const [first, second] = nonBlankLines(text, 2);
  if (second !== undefined && isJson(first ?? '')) {
    return { format: 'ndjson', items: ndjsonItems(text, limits.maxItems) };
  }
  return jsonItems(text, limits, false);
}

function textItems(decoded: BodyText, maxItems: number): Extraction {
  const { text, ...decoding } = decoded;
  return { format: 'text', items: textDumpItems(withoutNul(text), maxItems), decoding };
}

function jsonItems(text: string, limits: FeedLimits, mustBeJsonFeed: boolean): Extraction {
  const document = parseJsonDocument(text, {
    maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxItems: limits.maxItems,
  });
  if (isJsonFeed(document)) return { format: 'jsonfeed', ...jsonFeedItems(document) };
  if (mustBeJsonFeed) {
    throw new InvalidInputError(
      'the body is not a JSON Feed: its version must start with https://jsonfeed.org/version/',
    );
  }
  return { format: 'json', items: jsonArticleValues(document).map(jsonArticleItem) };
}

/** RSS, RDF or Atom, told apart by the root element whatever the media type said. */
function xmlItems({ text, ...decoding }: BodyText, limits: FeedLimits): Extraction {
  const root = parseXmlDocument(text, { maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH, maxItems: limits.maxItems });
  if (root.name === 'rss' && root.ns === '') return { format: 'rss', ...rssItems(root), decoding };
  if (root.name === 'RDF' && root.ns === RDF_NS) return { format: 'rdf', ...rdfItems(root), decoding };
  if (root.name === 'feed') return { format: 'atom', ...atomItems(root), decoding };
  throw new UnsupportedFormatError(
    `the XML root element <${root.name.slice(0, 64)}> is not a feed; send RSS 2.0 (<rss>), RSS 1.0 (<rdf:RDF>) or Atom (<feed>)`,
  );
}

function htmlItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const url = request.url === undefined ? undefined : absoluteUrl(request.url);
  if (request.url !== undefined && url === undefined) {
    throw new InvalidInputError('url must be an absolute http(s) URL', 'url');
  }
  const { text, ...decoding } = decodeBody(request.body, 'html', request.charset);
  return { format: 'html', items: [htmlPageItem(withoutNul(text), limits.maxArticleBytes, url)], decoding };
}

/** The first `count` non-blank lines of a text, without splitting the rest. */
function nonBlankLines(text: string, count: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < text.length && lines.length < count;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    if (line.trim() !== '') lines.push(line);
    start = end + 1;
  }
  return lines;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Git's test for binary content: a NUL among the first 8000 characters.
const BINARY_WINDOW = 8000;

/**
 * Text or HTML with a NUL near its start is binary and refused; NULs further on (a page that pads an element with
 * them) are dropped, as browsers drop them.
 */
function withoutNul(text: string): string {
  const nul = text.indexOf('\u0000');
  if (nul === -1) return text;
  if (nul < BINARY_WINDOW) throw new InvalidInputError('the body holds binary data (a NUL character)');
  return text.replaceAll('\u0000', '');
}

/** What admitting an item needs to know of how its body was decoded. */
function decodingOf(extraction: Extraction): { detectedCharset?: string; notes?: string[] } {
  const { detectedCharset, note } = extraction.decoding ?? {};
  return { ...(detectedCharset ? { detectedCharset } : {}), ...(note ? { notes: [note] } : {}) };
}

function parseSource(source: string | undefined): string {
  if (source === undefined) {
    throw new InvalidInputError('a source is required: pass ?source=NAME or the X-Cleanwire-Source header', 'source');
  }
  return requestSourceName(source);
}
