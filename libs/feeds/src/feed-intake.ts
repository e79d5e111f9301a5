import { z } from 'zod';
import { InvalidInputError, type RawArticle, TooLargeError, UnsupportedFormatError } from '@cleanwire/contracts';
import { normalizeLine } from '@cleanwire/cleaning';
import { storyId } from './story-id';
import { splitTextDump } from './text-dump';

export interface FeedLimits {
  /** Most articles one post may carry. */
  maxItems: number;
  /** Largest article body, in UTF-8 bytes (a Kafka record must stay under the broker's limit). */
  maxArticleBytes: number;
}

export interface FeedRequest {
  /** The request's media type without parameters, lower case. */
  mediaType: string | undefined;
  body: Buffer;
  /** The source named by `?source=` or the X-Cleanwire-Source header. */
  source: string | undefined;
  receivedAt: Date;
}

export interface RejectedItem {
  index: number;
  reason: string;
}

/** What a feed yields: raw articles ready to publish, and the items that were refused with the reason. */
export interface FeedIntake {
  accepted: AcceptedItem[];
  rejected: RejectedItem[];
}

export interface AcceptedItem {
  /** The item's position in the feed, counting from 0. */
  index: number;
  article: RawArticle;
}

export const SUPPORTED_MEDIA_TYPES = ['text/plain', 'application/json'] as const;

const sourceName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const JsonArticleSchema = z
  .object({
    source: sourceName.optional(),
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2048)
      .optional(),
    headline: z.string().max(1000, 'must be at most 1000 characters').optional(),
    body: z.string().refine((body) => body.trim().length > 0, 'must not be empty'),
    publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  })
  .strict();

/** Reads a posted feed (a plain-text dump or JSON articles) into raw articles, validating each item on its own. */
export function readFeed(request: FeedRequest, limits: FeedLimits): FeedIntake {
  if (request.body.length === 0) throw new InvalidInputError('the request body is empty');
  const text = decodeUtf8(request.body);
  switch (request.mediaType) {
    case 'text/plain':
      return readTextDump(text, request, limits);
    case 'application/json':
      return readJsonArticles(text, request, limits);
    default:
      throw new UnsupportedFormatError(
        `unsupported content type ${request.mediaType ?? '(none)'}; send one of ${SUPPORTED_MEDIA_TYPES.join(', ')}`,
      );
  }
}

function readTextDump(text: string, request: FeedRequest, limits: FeedLimits): FeedIntake {
  const source = parseSource(request.source, 'source');
  const chunks = splitTextDump(text);
  if (chunks.length === 0) throw new InvalidInputError('the text dump holds no article');
  checkItemCount(chunks.length, limits);
  const intake: FeedIntake = { accepted: [], rejected: [] };
  chunks.forEach((body, index) => {
    const problem = bodyProblem(body, limits);
    // The dump's first line is its headline; it stays in the body, where the cleaner finds it and its copies.
    if (problem) intake.rejected.push({ index, reason: problem });
    else intake.accepted.push({ index, article: rawArticle({ source, body }, 'text', request.receivedAt) });
  });
  return finish(intake);
}

function readJsonArticles(text: string, request: FeedRequest, limits: FeedLimits): FeedIntake {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const items = Array.isArray(document) ? document : [document];
  if (items.length === 0) throw new InvalidInputError('the JSON array holds no article');
  checkItemCount(items.length, limits);
  const fallbackSource = request.source === undefined ? undefined : parseSource(request.source, 'source');
  const intake: FeedIntake = { accepted: [], rejected: [] };
  items.forEach((item, index) => {
    const parsed = JsonArticleSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || '(article)';
      intake.rejected.push({ index, reason: `${field}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const source = parsed.data.source ?? fallbackSource;
    const problem = source ? bodyProblem(parsed.data.body, limits) : 'source: required (in the article or as ?source=)';
    if (problem || !source) {
      intake.rejected.push({ index, reason: problem ?? 'source: required' });
      return;
    }
    const article = { ...parsed.data, source };
    intake.accepted.push({ index, article: rawArticle(article, 'json', request.receivedAt) });
  });
  return finish(intake);
}

function rawArticle(
  item: { source: string; headline?: string; body: string; url?: string; publishedAt?: string },
  format: RawArticle['format'],
  receivedAt: Date,
): RawArticle {
  // Without a url or a headline, the id comes from the line the cleaner will take as the headline.
  const identity = { url: item.url, headline: item.headline ?? firstLine(item.body) };
  const article: RawArticle = {
    id: storyId(item.source, identity),
    source: item.source,
    body: item.body,
    receivedAt: receivedAt.toISOString(),
    format,
  };
  if (item.headline !== undefined) article.headline = item.headline;
  if (item.url) article.url = item.url;
  if (item.publishedAt) article.publishedAt = new Date(item.publishedAt).toISOString();
  return article;
}

function finish(intake: FeedIntake): FeedIntake {
  if (intake.accepted.length === 0) {
    const reasons = intake.rejected.map((item) => `item ${item.index}: ${item.reason}`).join('; ');
    throw new InvalidInputError(`the feed holds no valid article (${reasons})`);
  }
  return intake;
}

function parseSource(source: string | undefined, field: string): string {
  if (source === undefined)
    throw new InvalidInputError('a source is required: pass ?source=NAME or the X-Cleanwire-Source header', field);
  const parsed = sourceName.safeParse(source);
  if (!parsed.success) throw new InvalidInputError(`source ${parsed.error.issues[0]?.message ?? 'is invalid'}`, field);
  return normalizeLine(parsed.data);
}

function checkItemCount(count: number, limits: FeedLimits): void {
  if (count > limits.maxItems)
    throw new TooLargeError(`the feed holds ${count} articles; at most ${limits.maxItems} per request`);
}

function bodyProblem(body: string, limits: FeedLimits): string | undefined {
  const bytes = Buffer.byteLength(body, 'utf8');
  return bytes > limits.maxArticleBytes
    ? `body: ${bytes} bytes exceeds the limit of ${limits.maxArticleBytes}`
    : undefined;
}

function firstLine(text: string): string {
  for (const line of text.split(/\r?\n/)) {
    const normalized = normalizeLine(line);
    if (normalized) return normalized;
  }
  return '';
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new InvalidInputError('the body is not valid UTF-8');
  }
}
