import type { Cut, RawArticle } from '@cleanwire/contracts';
import type { ArticleDraft } from '../clean-article';
import { extractHtmlFragment, extractHtmlPage, type HtmlExtract } from './html-extract';

/** An HTML article made ready for the text cleaner, with what extraction removed and where each paragraph came from. */
export interface HtmlDraft {
  /** Paragraphs joined by blank lines, so the cleaner sees the shape of a text dump. */
  draft: ArticleDraft;
  extract: HtmlExtract;
}

/** Extracts an HTML article's text: a whole page (format 'html') through Readability, a feed's content field as is. */
export function htmlArticleDraft(article: Pick<RawArticle, 'body' | 'format' | 'headline' | 'captions'>): HtmlDraft {
  const extract = article.format === 'html' ? extractHtmlPage(article.body) : extractHtmlFragment(article.body);
  const headline = article.headline || extract.headline || undefined;
  return {
    draft: {
      ...(headline === undefined ? {} : { headline }),
      body: extract.paragraphs.join('\n\n'),
      captions: [...(article.captions ?? []), ...extract.captions],
    },
    extract,
  };
}

/**
 * The cleaner's cuts moved from lines of the joined draft to block positions in the page, merged with the boilerplate
 * cuts in page order: every cut of an HTML story counts lines the same way.
 */
export function htmlStoryCuts(html: HtmlDraft, cleanerCuts: readonly Cut[]): Cut[] {
  const { positions, cuts } = html.extract;
  const moved = cleanerCuts.map((cut) => ({ ...cut, line: positions[Math.floor((cut.line - 1) / 2)] ?? cut.line }));
  return [...cuts, ...moved].sort((a, b) => a.line - b.line);
}
