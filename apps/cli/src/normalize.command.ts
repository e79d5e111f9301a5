import { storyFromArticle } from '@cleanwire/cleaning';
import type { CleanStory } from '@cleanwire/contracts';
import { readFeed, type RejectedItem } from '@cleanwire/feeds';

export interface NormalizeOptions {
  source?: string;
  /** Print every field of the clean story (id, text, wordCount, cuts...) instead of headline, captions and body. */
  full: boolean;
}

export interface NormalizeOutput {
  source?: string;
  stories: Array<Pick<CleanStory, 'headline' | 'captions' | 'body'> | CleanStory>;
  rejected?: RejectedItem[];
}

// Without --source the stories still need one for their ids; it is not printed.
const UNNAMED_SOURCE = 'unnamed';

/** Cleans a feed file's articles with the same library the normalizer service uses; no Kafka or Redis. */
export function normalizeFeed(input: Buffer, options: NormalizeOptions): NormalizeOutput {
  const mediaType = looksLikeJson(input) ? 'application/json' : 'text/plain';
  const now = new Date();
  const intake = readFeed(
    { mediaType, body: input, source: options.source ?? UNNAMED_SOURCE, receivedAt: now },
    { maxItems: Number.MAX_SAFE_INTEGER, maxArticleBytes: Number.MAX_SAFE_INTEGER },
  );
  const stories = intake.accepted.map(({ article }) => storyFromArticle(article, now));
  return {
    ...(options.source ? { source: options.source } : {}),
    stories: options.full ? stories : stories.map(({ headline, captions, body }) => ({ headline, captions, body })),
    ...(intake.rejected.length > 0 ? { rejected: intake.rejected } : {}),
  };
}

function looksLikeJson(input: Buffer): boolean {
  const start = input
    .toString('utf8', 0, Math.min(input.length, 64))
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') || start.startsWith('[');
}
