import type { FeedFormat } from '@cleanwire/contracts';
import { InvalidInputError, UnsupportedFormatError } from '@cleanwire/contracts';
import { type AcceptedItem, admitItem, type FeedLimits, type RejectedItem, tooManyItems } from './feed-item';
import { decodeBody } from './body-text';
import { atomItems } from './formats/atom.format';
import { absoluteUrl, type FeedExtraction } from './formats/feed-fields';
import { htmlPageItem } from './formats/html-page.format';
import { isJsonFeed, jsonFeedItems } from './formats/json-feed.format';
import { jsonArticleItem, jsonArticleValues } from './formats/json-articles.format';
import { ndjsonItems } from './formats/ndjson.format';
import { RDF_NS, rdfItems } from './formats/rdf.format';
import { rssItems } from './formats/rss.format';
import { textDumpItems } from './formats/text-dump.format';
import { sniffSyntax } from './format-sniffing';
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
  const { format, items, feedTitle } = extractItems(request, limits);
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
    const verdict = admitItem(item, index, { format, fallbackSource, receivedAt: request.receivedAt, limits });
    if ('accepted' in verdict) intake.accepted.push(verdict.accepted);
    else intake.rejected.push(verdict.rejected);
  });
  if (intake.accepted.length === 0) {
    const reasons = intake.rejected.map((item) => `item ${item.index}: ${item.reason}`).join('; ');
    throw new InvalidInputError(`the feed holds no valid article (${reasons})`);
  }
  return intake;
}

type Extraction = FeedExtraction & { format: FeedFormat };

function extractItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const { body, charset } = request;
  switch (request.mediaType) {
    case 'text/plain':
      return { format: 'text', items: textDumpItems(refuseNul(decodeBody(body, 'text', charset)), limits.maxItems) };
    case 'application/json':
    case 'application/feed+json':
      return jsonItems(decodeBody(body, 'json', charset), limits, request.mediaType === 'application/feed+json');
    case 'application/x-ndjson':
      return { format: 'ndjson', items: ndjsonItems(decodeBody(body, 'json', charset), limits.maxItems) };
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

/** A body of unknown type: its syntax is sniffed from its first bytes, then read as if it had been labelled so. */
function sniffedItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const syntax = sniffSyntax(request.body);
  if (syntax === 'xml') return xmlItems(decodeBody(request.body, 'xml', request.charset), limits);
  if (syntax === 'html') return htmlItems(request, limits);
  const text = decodeBody(request.body, syntax, request.charset);
  if (syntax === 'text') return { format: 'text', items: textDumpItems(refuseNul(text), limits.maxItems) };
  // Several JSON values, one a line, are NDJSON: a first line that is a whole JSON value followed by another line
  // cannot be one JSON document. One value is a JSON Feed or JSON articles.
  const [first, second] = nonBlankLines(text, 2);
  if (second !== undefined && isJson(first ?? '')) {
    return { format: 'ndjson', items: ndjsonItems(text, limits.maxItems) };
  }
  return jsonItems(text, limits, false);
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
function xmlItems(text: string, limits: FeedLimits): Extraction {
  const root = parseXmlDocument(text, { maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH, maxItems: limits.maxItems });
  if (root.name === 'rss' && root.ns === '') return { format: 'rss', ...rssItems(root) };
  if (root.name === 'RDF' && root.ns === RDF_NS) return { format: 'rdf', ...rdfItems(root) };
  if (root.name === 'feed') return { format: 'atom', ...atomItems(root) };
  throw new UnsupportedFormatError(
    `the XML root element <${root.name.slice(0, 64)}> is not a feed; send RSS 2.0 (<rss>), RSS 1.0 (<rdf:RDF>) or Atom (<feed>)`,
  );
}

function htmlItems(request: FeedRequest, limits: FeedLimits): Extraction {
  const url = request.url === undefined ? undefined : absoluteUrl(request.url);
  if (request.url !== undefined && url === undefined) {
    throw new InvalidInputError('url must be an absolute http(s) URL', 'url');
  }
  const html = refuseNul(decodeBody(request.body, 'html', request.charset));
  return { format: 'html', items: [htmlPageItem(html, limits.maxArticleBytes, url)] };
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

/** A NUL character never occurs in text or HTML: the body is binary. */
function refuseNul(text: string): string {
  if (text.includes('\u0000')) throw new InvalidInputError('the body holds binary data (a NUL character)');
  return text;
}

function parseSource(source: string | undefined): string {
  if (source === undefined) {
    throw new InvalidInputError('a source is required: pass ?source=NAME or the X-Cleanwire-Source header', 'source');
  }
  return requestSourceName(source);
}
