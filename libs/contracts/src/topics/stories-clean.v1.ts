import { z } from 'zod';
import { FEED_FORMATS } from './articles-raw.v1';

/** Clean stories published by the normalizer, keyed by story id. */
export const STORIES_CLEAN_V1 = 'stories.clean.v1';

/**
 * The topic is the source of truth the story index is rebuilt from (`cleanwire reindex`): compacted, so it keeps the
 * latest version of every story for as long as the story exists.
 */
export const STORIES_CLEAN_V1_CONFIG: Record<string, string> = { 'cleanup.policy': 'compact' };

export const CUT_REASONS = [
  'repeated-headline',
  'repeated-caption',
  'widget-noise',
  'learned-site-noise',
  'html-boilerplate',
] as const;

/** One line the normalizer removed from the raw text, and why. */
export const CutSchema = z.object({
  reason: z.enum(CUT_REASONS),
  /** 1-based line number in the raw article body (for HTML: in the text extracted from the page). */
  line: z.number().int().positive(),
  text: z.string(),
  /** For HTML boilerplate: a short locator of the removed element, e.g. `nav`, `aside.related`. */
  element: z.string().optional(),
});

export const CleanStorySchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  url: z.string().optional(),
  headline: z.string(),
  captions: z.array(z.string()),
  /** Body paragraphs in reading order. */
  body: z.array(z.string()),
  /** The body paragraphs joined by blank lines. */
  text: z.string(),
  wordCount: z.number().int().nonnegative(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  receivedAt: z.iso.datetime({ offset: true }),
  normalizedAt: z.iso.datetime({ offset: true }),
  cuts: z.array(CutSchema),
  /** The feed format the raw article came in. */
  format: z.enum(FEED_FORMATS).optional(),
  /**
   * Deprecated, ignored: a 64-bit SimHash that normalizers before MinHash near-duplicates attached. Still accepted so
   * older records of the topic stay valid; the indexer computes the near-duplicate signature from the text.
   */
  simhash: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .optional(),
  /** The id of an earlier story this one nearly duplicates (same text with different noise, from another feed). */
  duplicateOf: z.string().optional(),
  /** The encoding guessed from the bytes when the body declared none and was not UTF-8 (or did not fit its own). */
  detectedCharset: z.string().optional(),
  /** What intake guessed or dropped without refusing the article (an unreadable date, a guessed encoding). */
  notes: z.array(z.string()).optional(),
});

export type Cut = z.infer<typeof CutSchema>;
export type CutReason = Cut['reason'];
export type CleanStory = z.infer<typeof CleanStorySchema>;
