import { htmlPageFacts } from '@cleanwire/html';
import { InvalidInputError, TooLargeError } from '@cleanwire/contracts';
import type { FeedItem } from '../feed-item';
import { absoluteUrl, compactItem } from './feed-fields';

/**
 * A single HTML page as one item. Its address is the request's `url`, else the page's canonical link or og:url; the
 * headline is og:title, h1 or title. The page is kept whole: the normalizer extracts the article.
 */
export function htmlPageItem(html: string, maxArticleBytes: number, url?: string): FeedItem {
  const bytes = Buffer.byteLength(html, 'utf8');
  // Refused before parsing: a page over the article limit would be refused anyway, after costly work.
  if (bytes > maxArticleBytes) {
    throw new TooLargeError(`the HTML page is ${bytes} bytes; at most ${maxArticleBytes} per article`);
  }
  const facts = htmlPageFacts(html);
  if (!facts.hasText) {
    throw new InvalidInputError('the HTML page shows no text (only scripts, frames or media): there is no story in it');
  }
  return compactItem({
    body: html,
    bodyFormat: 'html',
    url: absoluteUrl(url) ?? absoluteUrl(facts.url),
    headline: facts.headline,
    publishedAt: facts.publishedAt,
  });
}
