import { type FeedFormat, type RawArticle, TooLargeError } from '@cleanwire/contracts';
import { MAX_HTML_DEPTH, normalizeLine } from '@cleanwire/html';
import { htmlNestingDepth } from './markup-depth';
import { sourceNameProblem } from './source-name';
import { storyId } from './story-id';

/** What a feed parser extracts from one item, before validation. */
export interface FeedItem {
  source?: string;
  url?: string;
  /** The feed's own id for the item (RSS guid, Atom id, JSON Feed id): the story id's basis when there is no url. */
  guid?: string;
  headline?: string;
  body: string;
  /** 'html' when the body is markup (a page or a feed's content field); the normalizer extracts its text. */
  bodyFormat?: RawArticle['bodyFormat'];
  captions?: string[];
  /** ISO 8601, or any date string Date can parse; normalized to UTC. */
  publishedAt?: string;
}

export interface FeedLimits {
  /** Most articles one post may carry. */
  maxItems: number;
  /** Largest article body, in UTF-8 bytes (a Kafka record must stay under the broker's limit). */
  maxArticleBytes: number;
  /** Deepest nesting of JSON values or XML elements a body may have (default 64). */
  maxDepth?: number;
}

export interface AcceptedItem {
  /** The item's position in the feed, counting from 0. */
  index: number;
  article: RawArticle;
}

export interface RejectedItem {
  index: number;
  reason: string;
}

export type ItemVerdict = { accepted: AcceptedItem } | { rejected: RejectedItem };

export interface ItemContext {
  format: FeedFormat;
  /** The source named by the request, for items that do not name their own. */
  fallbackSource?: string;
  receivedAt: Date;
  limits: Pick<FeedLimits, 'maxArticleBytes'>;
  /** The encoding the feed's body was decoded with by detection, recorded on every article. */
  detectedCharset?: string;
  /** Notes about the whole body (a guessed encoding), recorded on every article. */
  notes?: string[];
}

/**
 * Validates one extracted item and turns it into a raw article with its deterministic id, or says why not. A bad
 * detail never costs the item: an unreadable date is dropped and noted, and an item with a headline but no body
 * (RSS 1.0 feeds of titles and links) becomes a story with an empty body.
 */
export function admitItem(item: FeedItem, index: number, context: ItemContext): ItemVerdict {
  const reject = (reason: string): ItemVerdict => ({ rejected: { index, reason } });
  const source = item.source !== undefined ? normalizeLine(item.source) : context.fallbackSource;
  if (!source) return reject('source: required (in the item or as ?source=)');
  const sourceProblem = sourceNameProblem(source);
  if (sourceProblem !== undefined) return reject(`source: ${sourceProblem}`);
  const headline = item.headline !== undefined ? normalizeLine(item.headline) : undefined;
  if (item.body.trim().length === 0 && !headline) return reject('body: must not be empty without a headline');
  const bytes = Buffer.byteLength(item.body, 'utf8');
  if (bytes > context.limits.maxArticleBytes) {
    return reject(`body: ${bytes} bytes exceeds the limit of ${context.limits.maxArticleBytes}`);
  }
  // The normalizer's HTML parser recurses: markup nested deeper than it takes is refused here, not after a 202.
  if (item.bodyFormat === 'html' && htmlNestingDepth(item.body, MAX_HTML_DEPTH) > MAX_HTML_DEPTH) {
    return reject(`body: the HTML nests elements deeper than ${MAX_HTML_DEPTH} levels`);
  }
  const notes = [...(context.notes ?? [])];
  const publishedAt = item.publishedAt === undefined ? undefined : readDate(item.publishedAt);
  if (item.publishedAt !== undefined && publishedAt === undefined) {
    notes.push(`publishedAt: not a date, dropped: ${item.publishedAt.slice(0, 64)}`);
  }
  const bodyFormat = item.bodyFormat ?? 'text';
  // Without a url or a headline, the id comes from the line the cleaner will take as the headline.
  // A guid is namespaced so it can never collide with a url that reads the same.
  const url = item.url || (item.guid ? `guid:${item.guid}` : undefined);
  const identity = { url, headline: headline || (bodyFormat === 'text' ? firstLine(item.body) : item.body) };
  const article: RawArticle = {
    id: storyId(source, identity),
    source,
    body: item.body,
    bodyFormat,
    receivedAt: context.receivedAt.toISOString(),
    format: context.format,
  };
  if (headline) article.headline = headline;
  if (item.url) article.url = item.url;
  if (item.captions && item.captions.length > 0) article.captions = item.captions;
  if (publishedAt) article.publishedAt = publishedAt;
  if (context.detectedCharset) article.detectedCharset = context.detectedCharset;
  if (notes.length > 0) article.notes = notes;
  return { accepted: { index, article } };
}

/** The first non-blank line of a text, normalized. */
export function firstLine(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/)) {
    const normalized = normalizeLine(line);
    if (normalized) return normalized;
  }
  return '';
}

/** The answer to a feed with more items than one request may carry. */
export function tooManyItems(maxItems: number): TooLargeError {
  return new TooLargeError(`the feed holds more than ${maxItems} articles; at most ${maxItems} per request`);
}

/** Items a format parser extracted: either an item or, for an item it could not read, the reason. */
export type ExtractedItem = FeedItem | { reason: string };

// Pages write dates that Date.parse does not read: Unix seconds, ISO 8601's basic format, an hours-only offset.
const UNIX_SECONDS = /^\d{9,10}$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})([+-]\d{2}:?\d{2}|Z)?$/;
const HOURS_ONLY_OFFSET = /([+-]\d{2})$/;
// Date.parse reads almost anything ("Article 5" is May 2001); a publication date outside these years is not one.
const EARLIEST_YEAR = 1970;
const LATEST_YEAR = 2100;

/** A publication date as ISO 8601 UTC, or undefined when the text is not a plausible date. */
export function readDate(text: string): string | undefined {
  const trimmed = text.trim();
  let time: number;
  const basic = ISO_BASIC.exec(trimmed);
  if (UNIX_SECONDS.test(trimmed)) time = Number(trimmed) * 1000;
  else if (basic) {
    const [, year, month, day, hour, minute, second, offset] = basic;
    time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset ?? 'Z'}`);
  } else {
    time = Date.parse(trimmed);
    if (Number.isNaN(time) && /T\d/.test(trimmed)) time = Date.parse(trimmed.replace(HOURS_ONLY_OFFSET, '$1:00'));
  }
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR ? new Date(time).toISOString() : undefined;
}
