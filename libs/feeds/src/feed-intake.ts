import type { FeedFormat } from '@cleanwire/contracts';
import { InvalidInputError, TooLargeError, UnsupportedFormatError } from '@cleanwire/contracts';
import { normalizeLine } from '@cleanwire/cleaning';
import { z } from 'zod';
import { type AcceptedItem, admitItem, type FeedItem, type FeedLimits, type RejectedItem } from './feed-item';
import { jsonArticleItem, jsonArticleValues } from './formats/json-articles.format';
import { textDumpItems } from './formats/text-dump.format';

export interface FeedRequest {
  /** The request's media type without parameters, lower case. */
  mediaType: string | undefined;
  body: Buffer;
  /** The source named by `?source=` or the X-Cleanwire-Source header. */
  source: string | undefined;
  receivedAt: Date;
}

/** What a feed yields: raw articles ready to publish, and the items that were refused with the reason. */
export interface FeedIntake {
  format: FeedFormat;
  accepted: AcceptedItem[];
  rejected: RejectedItem[];
}

export const SUPPORTED_MEDIA_TYPES = ['text/plain', 'application/json'] as const;

/** Items a format parser extracted: either an item or, for an item it could not read, the reason. */
export type ExtractedItem = FeedItem | { reason: string };

const sourceName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** Reads a posted feed into raw articles, validating each item on its own. */
export function readFeed(request: FeedRequest, limits: FeedLimits): FeedIntake {
  if (request.body.length === 0) throw new InvalidInputError('the request body is empty');
  const text = decodeUtf8(request.body);
  const { format, items } = extractItems(request.mediaType, text);
  if (items.length > limits.maxItems) {
    throw new TooLargeError(`the feed holds ${items.length} articles; at most ${limits.maxItems} per request`);
  }
  // A text dump carries no source of its own, so the request must name one.
  const fallbackSource =
    request.source === undefined && format === 'text'
      ? parseSource(undefined)
      : request.source === undefined
        ? undefined
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

function extractItems(mediaType: string | undefined, text: string): { format: FeedFormat; items: ExtractedItem[] } {
  switch (mediaType) {
    case 'text/plain':
      return { format: 'text', items: textDumpItems(text) };
    case 'application/json':
      return { format: 'json', items: jsonArticleValues(text).map(jsonArticleItem) };
    default:
      throw new UnsupportedFormatError(
        `unsupported content type ${mediaType ?? '(none)'}; send one of ${SUPPORTED_MEDIA_TYPES.join(', ')}`,
      );
  }
}

function parseSource(source: string | undefined): string {
  if (source === undefined) {
    throw new InvalidInputError('a source is required: pass ?source=NAME or the X-Cleanwire-Source header', 'source');
  }
  const parsed = sourceName.safeParse(source);
  if (!parsed.success)
    throw new InvalidInputError(`source ${parsed.error.issues[0]?.message ?? 'is invalid'}`, 'source');
  return normalizeLine(parsed.data);
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new InvalidInputError('the body is not valid UTF-8');
  }
}
