import type { CleanStory, RawArticle } from '@cleanwire/contracts';
import { cleanArticle, countWords } from './clean-article';

/** Turns a raw article into the clean story the pipeline publishes: same id, cleaned text, every cut recorded. */
export function storyFromArticle(article: RawArticle, normalizedAt: Date): CleanStory {
  const cleaned = cleanArticle({ headline: article.headline, body: article.body, captions: article.captions });
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
    cuts: cleaned.cuts,
  };
  if (article.url) story.url = article.url;
  if (article.publishedAt) story.publishedAt = article.publishedAt;
  return story;
}
