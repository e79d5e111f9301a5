import { tokenize } from './tokenize';

/** Distinct terms of a search query in first-seen order, tokenized exactly as stories are; blank → []. */
export function parseSearchQuery(q: string): string[] {
  return [...new Set(tokenize(q))];
}
