import { InvalidInputError } from '@cleanwire/contracts';
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

/** A whole NDJSON body: one item per non-blank line, in order. */
export function ndjsonItems(text: string): ExtractedItem[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new InvalidInputError('the NDJSON body holds no line');
  return lines.map(ndjsonLineItem);
}
