import { z } from 'zod';
import { CleanStorySchema, CUT_REASONS, CutSchema } from '@cleanwire/contracts';

// The shapes of the query service's answers, for its OpenAPI document.

export const StoryPageSchema = z.object({ stories: z.array(CleanStorySchema), nextCursor: z.string().nullable() });

export const SearchPageSchema = z.object({
  // What a result list shows; the whole story is at GET /v1/stories/:id.
  stories: z.array(
    CleanStorySchema.pick({
      id: true,
      source: true,
      url: true,
      headline: true,
      wordCount: true,
      publishedAt: true,
      receivedAt: true,
      duplicateOf: true,
    }).extend({ score: z.number(), snippet: z.string() }),
  ),
  total: z.number().int(),
  totalIsEstimate: z.boolean(),
  nextCursor: z.string().nullable(),
});

export const StoryExplanationSchema = z.object({
  id: z.string(),
  headline: z.string(),
  cuts: z.array(CutSchema),
  counts: z.record(z.enum(CUT_REASONS), z.number().int()),
});

export const StoryDuplicatesSchema = z.object({
  id: z.string(),
  duplicateOf: z.string().nullable(),
  duplicates: z.array(z.string()),
});
