import { hasMarkup, plainText } from '@cleanwire/html';
import type { ExtractedItem } from '../feed-item';
import type { FeedItem } from '../feed-item';
import { childElement, childElements, elementText, type XmlElement } from '../xml-document';

/** What one format module reads from a body: its items, and the feed's own title as a fallback source. */
export interface FeedExtraction {
  items: ExtractedItem[];
  feedTitle?: string;
}

export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/';
export const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/';
export const DUBLIN_CORE_NS = 'http://purl.org/dc/elements/1.1/';
const MAX_URL_LENGTH = 2048;
/** An absolute http(s) address from a possibly relative link, or undefined when it cannot be one. */
export function absoluteUrl(href: string | undefined, base?: string): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.length <= MAX_URL_LENGTH ? url.href : undefined;
}

/** The first non-empty field as the item's body, marked 'html' when it is markup. */
export function richestBody(
  candidates: ReadonlyArray<{ text: string | undefined; html?: boolean }>,
): Pick<FeedItem, 'body' | 'bodyFormat'> {
  for (const { text, html } of candidates) {
    if (text === undefined || text.trim() === '') continue;
    return { body: text, bodyFormat: (html ?? hasMarkup(text)) ? 'html' : 'text' };
  }
  return { body: '' };
}

/** The trimmed text of a child element, or undefined when absent or blank. */
export function childText(element: XmlElement, ns: string, name: string): string | undefined {
  const child = childElement(element, ns, name);
  const text = child === undefined ? '' : elementText(child).trim();
  return text === '' ? undefined : text;
}

/**
 * Media RSS captions: the media:description of each media:content and media:group. An item-level media:description
 * is left out: feeds use it for the item's summary as often as for its picture.
 */
export function mediaCaptions(item: XmlElement): string[] {
  const holders = [
    ...childElements(item, MEDIA_RSS_NS, 'content'),
    ...childElements(item, MEDIA_RSS_NS, 'group').flatMap((group) => [
      group,
      ...childElements(group, MEDIA_RSS_NS, 'content'),
    ]),
  ];
  const captions: string[] = [];
  for (const holder of holders) {
    for (const description of childElements(holder, MEDIA_RSS_NS, 'description')) {
      const text = elementText(description);
      const caption = plainText(text);
      if (caption !== '' && !captions.includes(caption)) captions.push(caption);
    }
  }
  return captions;
}

/** Drops the optional fields that came out empty, so items carry only what the feed said. */
export function compactItem(item: FeedItem): FeedItem {
  const compact: FeedItem = { body: item.body };
  if (item.bodyFormat) compact.bodyFormat = item.bodyFormat;
  if (item.url) compact.url = item.url;
  if (item.guid) compact.guid = item.guid;
  if (item.headline) compact.headline = item.headline;
  if (item.captions && item.captions.length > 0) compact.captions = item.captions;
  if (item.publishedAt) compact.publishedAt = item.publishedAt;
  return compact;
}
