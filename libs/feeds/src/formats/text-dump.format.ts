import { InvalidInputError } from '@cleanwire/contracts';
import type { FeedItem } from '../feed-item';
import { splitTextDump } from '../text-dump';

/** A scraped plain-text dump: one item per article, the headline left in the body for the cleaner to find. */
export function textDumpItems(text: string, maxItems = Number.POSITIVE_INFINITY): FeedItem[] {
  // One article past the limit is enough to refuse the dump; the rest is never split.
  const chunks = splitTextDump(text, maxItems + 1);
  if (chunks.length === 0) throw new InvalidInputError('the text dump holds no article');
  return chunks.map((body) => ({ body }));
}
