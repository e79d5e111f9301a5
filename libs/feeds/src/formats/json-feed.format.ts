import { plainText } from '@cleanwire/html';
import { z } from 'zod';
import { InvalidInputError } from '@cleanwire/contracts';
import { absoluteUrl, compactItem, type FeedExtraction, richestBody } from './feed-fields';

/** The version URL prefix that marks a JSON document as a JSON Feed. */
export const JSON_FEED_VERSION_PREFIX = 'https://jsonfeed.org/version/';

const JsonFeedItemSchema = z.looseObject({
  // JSON Feed 1.0 allowed numbers here; 1.1 says strings.
  id: z.union([z.string(), z.number()]).optional(),
  url: z.string().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  date_published: z.string().optional(),
});

/** Whether a parsed JSON document is a JSON Feed (its version names jsonfeed.org). */
export function isJsonFeed(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const version = (document as { version?: unknown }).version;
  return typeof version === 'string' && version.startsWith(JSON_FEED_VERSION_PREFIX);
}

/** JSON Feed 1.1: one item per entry of `items`; the body is content_html, else content_text. Authors are ignored. */
export function jsonFeedItems(document: unknown): FeedExtraction {
  const feed = document as { title?: unknown; home_page_url?: unknown; items?: unknown };
  if (!Array.isArray(feed.items)) throw new InvalidInputError('the JSON Feed has no items array');
  const home = typeof feed.home_page_url === 'string' ? absoluteUrl(feed.home_page_url) : undefined;
  const items = feed.items.map((value: unknown) => {
    const parsed = JsonFeedItemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { reason: `${issue?.path.map(String).join('.') || '(item)'}: ${issue?.message ?? 'invalid'}` };
    }
    const item = parsed.data;
    return compactItem({
      headline: plainText(item.title ?? ''),
      url: absoluteUrl(item.url, home),
      guid: item.id === undefined ? undefined : String(item.id),
      publishedAt: item.date_published,
      ...richestBody([
        { text: item.content_html, html: true },
        { text: item.content_text, html: false },
      ]),
    });
  });
  return { items, feedTitle: typeof feed.title === 'string' ? plainText(feed.title) : undefined };
}
