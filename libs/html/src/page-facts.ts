import { type DomDocument, parseHtmlPage, selectedText, textBlocks } from './html-dom';
import { plainText } from './plain-text';

/** What a page says about itself, read from its markup; every field as the page gives it, plain text. */
export interface HtmlPageFacts {
  headline: string;
  /** The canonical link or og:url. */
  url?: string;
  /** The page's publication time as written (not validated). */
  publishedAt?: string;
  /** Whether the page shows any text at all: a script-only page or a frameset shows none and can never be a story. */
  hasText: boolean;
}

// Where pages state their publication time, most specific first.
const PUBLISHED_SELECTORS: ReadonlyArray<[string, string]> = [
  ['meta[property="article:published_time"]', 'content'],
  ['meta[itemprop="datePublished"]', 'content'],
  ['time[itemprop="datePublished"]', 'datetime'],
];

/** og:title, else the first h1, else the document title; plain text whatever markup the page put in them. */
export function pageHeadline(page: DomDocument): string {
  return plainText(
    selectedText(page, 'meta[property="og:title"]', 'content') ||
      selectedText(page, 'h1') ||
      selectedText(page, 'title'),
  );
}

/** What a page says about itself: headline, canonical address and publication time, for intake. */
export function htmlPageFacts(html: string): HtmlPageFacts {
  const page = parseHtmlPage(html);
  const headline = pageHeadline(page);
  const url =
    selectedText(page, 'link[rel="canonical"]', 'href') || selectedText(page, 'meta[property="og:url"]', 'content');
  let publishedAt: string | undefined;
  for (const [selector, attribute] of PUBLISHED_SELECTORS) {
    publishedAt = selectedText(page, selector, attribute) || undefined;
    if (publishedAt !== undefined) break;
  }
  const hasText = textBlocks(page.body).length > 0;
  return { headline, ...(url ? { url } : {}), ...(publishedAt ? { publishedAt } : {}), hasText };
}
