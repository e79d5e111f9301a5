import { InvalidInputError } from '@cleanwire/contracts';
import { tooManyItems } from '../feed-item';
import type { ExtractedItem } from '../feed-item';
import { assertJsonDepth } from '../json-document';
import { jsonArticleItem } from './json-articles.format';

/** JSON nests at most this deep in one NDJSON line: an article is flat. */
export const NDJSON_MAX_DEPTH = 64;

/** One NDJSON line read by the JSON-article rules: an item, or the reason the line is refused. Never throws. */
export function ndjsonLineItem(line: string): ExtractedItem {
  let value: unknown;
  try {
    value = JSON.parse(line);
    assertJsonDepth(value, NDJSON_MAX_DEPTH, 'the line');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { reason: error instanceof InvalidInputError ? reason : `the line is not valid JSON: ${reason}` };
  }
  return jsonArticleItem(value);
}

/** A whole NDJSON body: one item per non-blank line, in order; refused once it holds more than `maxItems` lines. */
export function ndjsonItems(text: string, maxItems = Number.POSITIVE_INFINITY): ExtractedItem[] {
  const items: ExtractedItem[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.trim() === '') continue;
    if (items.length >= maxItems) {
      throw tooManyItems(maxItems);
    }
    items.push(ndjsonLineItem(line));
  }
  if (items.length === 0) throw new InvalidInputError('the NDJSON body holds no line');
  return items;
}
