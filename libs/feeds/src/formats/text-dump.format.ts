import { InvalidInputError } from '@cleanwire/contracts';
import type { FeedItem } from '../feed-item';
import { splitTextDump } from '../text-dump';

/** A scraped plain-text dump: one item per article, the headline left in the body for the cleaner to find. */
export function textDumpItems(text: string): FeedItem[] {
  const chunks = splitTextDump(text);
  if (chunks.length === 0) throw new InvalidInputError('the text dump holds no article');
  return chunks.map((body) => ({ body }));
}
