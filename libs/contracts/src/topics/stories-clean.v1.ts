import { z } from 'zod';

/** Clean stories published by the normalizer, keyed by story id. */
export const STORIES_CLEAN_V1 = 'stories.clean.v1';

export const CUT_REASONS = ['repeated-headline', 'repeated-caption', 'widget-noise'] as const;

/** One line the normalizer removed from the raw text, and why. */
export const CutSchema = z.object({
  reason: z.enum(CUT_REASONS),
  /** 1-based line number in the raw article body. */
  line: z.number().int().positive(),
  text: z.string(),
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
});

export type Cut = z.infer<typeof CutSchema>;
export type CutReason = Cut['reason'];
export type CleanStory = z.infer<typeof CleanStorySchema>;
