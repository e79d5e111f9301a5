import { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';
import { hasMarkup } from '@cleanwire/html';
import type { FeedItem } from '../feed-item';

const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;

const JsonArticleSchema = z
  .object({
    source: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    url: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .max(2048)
      .optional(),
    headline: z.string().max(1000, 'must be at most 1000 characters').optional(),
    body: z.string({ message: 'is required' }).refine((body) => body.trim().length > 0, 'must not be empty'),
    captions: z.array(z.string().max(2000)).max(50).optional(),
    // Read by admitItem: a date it cannot read is dropped and noted, never a reason to refuse the article.
    publishedAt: z.string().max(200).optional(),
  })
  .strict();

/** A JSON article validated on its own: an item, or the reason it is refused. */
export function jsonArticleItem(value: unknown): FeedItem | { reason: string } {
  const parsed = JsonArticleSchema.safeParse(value);
  if (parsed.success) {
    // A body of markup is read as HTML; one that keeps its paragraphs apart with blank lines is text, tags and all.
    const html = hasMarkup(parsed.data.body) && !PARAGRAPH_BREAK.test(parsed.data.body);
    return html ? { ...parsed.data, bodyFormat: 'html' } : parsed.data;
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(article)';
  return { reason: `${field}: ${issue?.message ?? 'invalid'}` };
}

/** One JSON article or an array of them, from a parsed JSON document. */
export function jsonArticleValues(document: unknown): unknown[] {
  const items = Array.isArray(document) ? document : [document];
  if (items.length === 0) throw new InvalidInputError('the JSON array holds no article');
  return items;
}
