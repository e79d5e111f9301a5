import type { CleanStory, RawArticle } from '@cleanwire/contracts';
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
  const story: CleanStory = {
    id: article.id,
    source: article.source,
    headline: cleaned.headline,
    captions: cleaned.captions,
    body: cleaned.body,
    text: cleaned.body.join('\n\n'),
    wordCount: countWords(cleaned.body),
    receivedAt: article.receivedAt,
    normalizedAt: normalizedAt.toISOString(),
    cuts: html ? htmlStoryCuts(html, cleaned.cuts) : cleaned.cuts,
    format: article.format,
  };
  if (article.url) story.url = article.url;
  if (article.publishedAt) story.publishedAt = article.publishedAt;
  return story;
}
