import type { CleanStory, RawArticle } from '@cleanwire/contracts';
import { hasMarkup, plainText } from '@cleanwire/html';
import { countWords } from './clean-article';
import { htmlArticleDraft, htmlStoryCuts } from './html/html-draft';
import { cleanArticleWithSiteNoise, type LearnedSiteNoise } from './site-noise';

/**
 * Turns a raw article into the clean story the pipeline publishes: same id, cleaned text, every cut recorded.
 * `siteNoise` is what was learned about the article's source (see site-noise.ts); without it nothing is learned-cut.
 */
export function storyFromArticle(article: RawArticle, normalizedAt: Date, siteNoise?: LearnedSiteNoise): CleanStory {
  // HTML is extracted to paragraphs first (a page through Readability), then cleaned like any text.
  const html = article.bodyFormat === 'html' ? htmlArticleDraft(article) : undefined;
  const cleaned = cleanArticleWithSiteNoise(
    html?.draft ?? { headline: article.headline, body: article.body, captions: article.captions },
    siteNoise,
  );
  const body = plainParagraphs(cleaned.body);
  const story: CleanStory = {
    id: article.id,
    source: article.source,
    headline: plainText(cleaned.headline),
    captions: plainParagraphs(cleaned.captions),
    body,
    text: body.join('\n\n'),
    wordCount: countWords(body),
    receivedAt: article.receivedAt,
    normalizedAt: normalizedAt.toISOString(),
    cuts: html ? htmlStoryCuts(html, cleaned.cuts) : cleaned.cuts,
    format: article.format,
  };
  if (article.url) story.url = article.url;
  if (article.publishedAt) story.publishedAt = article.publishedAt;
  if (article.detectedCharset) story.detectedCharset = article.detectedCharset;
  if (article.notes && article.notes.length > 0) story.notes = article.notes;
  return story;
}

/** Stories are plain text whatever the feed sent: tags and entities left in a paragraph (escaped twice, or sent as text) are read out. */
function plainParagraphs(paragraphs: readonly string[]): string[] {
  if (!paragraphs.some(hasMarkup)) return [...paragraphs];
  return paragraphs.map((paragraph) => (hasMarkup(paragraph) ? plainText(paragraph) : paragraph)).filter(Boolean);
}
