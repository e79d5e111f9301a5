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

/** The same text cut for the same reason at several lines (a caption repeated three times is one group). */
export const CutGroupSchema = z.object({
  reason: z.enum(CUT_REASONS),
  /** 1-based line numbers, ascending. */
  lines: z.array(z.number().int().positive()).min(1),
  text: z.string(),
  element: z.string().optional(),
});

export type CutGroup = z.infer<typeof CutGroupSchema>;

/** The fields of a stories.clean.v1 record, of either form (see CleanStoryRecordSchema). */
export const CleanStoryRecordFieldsSchema = CleanStorySchema.omit({ text: true, cuts: true }).extend({
  /** Present in records of the earlier form only; always derived from `body`. */
  text: z.string().optional(),
  cuts: z.array(z.union([CutSchema, CutGroupSchema])),
});

/**
 * A record on stories.clean.v1, read back into the story it carries. Records carry each text once: no `text` (it is
 * the body joined, so it is derived here) and repeated cuts grouped by reason and text. Records written before (with
 * `text`, one cut per line) read the same way, so readers are tolerant of the whole topic. The story is built after
 * validation rather than by a zod transform, which would cost several times the validation itself.
 */
export const CleanStoryRecordSchema = {
  safeParse(value: unknown): { success: true; data: CleanStory } | { success: false; error: z.ZodError } {
    const parsed = CleanStoryRecordFieldsSchema.safeParse(value);
    if (!parsed.success) return { success: false, error: parsed.error };
    const { text: _derived, cuts, ...story } = parsed.data;
    return { success: true, data: { ...story, text: storyText(story.body), cuts: expandCuts(cuts) } };
  },
};

/** A story's text: its body paragraphs joined by blank lines. */
export function storyText(body: readonly string[]): string {
  return body.join('\n\n');
}

/** The record a story is published as on stories.clean.v1 (JSON): without `text`, repeated cuts grouped. */
export function encodeCleanStoryRecord(story: CleanStory): string {
  const { text: _derived, cuts, ...record } = story;
  return JSON.stringify({ ...record, cuts: groupCuts(cuts) });
}

/**
 * Groups cuts of the same reason, text and element. Only cuts in strictly ascending line order are grouped (the
 * cleaner's order): reading sorts grouped cuts back by line, which restores exactly that order and no other.
 */
function groupCuts(cuts: readonly Cut[]): Array<Cut | CutGroup> {
  for (let index = 1; index < cuts.length; index++) {
    if ((cuts[index] as Cut).line <= (cuts[index - 1] as Cut).line) return [...cuts];
  }
  const groups = new Map<string, CutGroup>();
  for (const cut of cuts) {
    const key = `${cut.reason}\u0000${cut.element ?? ''}\u0000${cut.text}`;
    const group = groups.get(key);
    if (group) group.lines.push(cut.line);
    else groups.set(key, { reason: cut.reason, lines: [cut.line], text: cut.text, element: cut.element });
  }
  return [...groups.values()].map(({ reason, lines, text, element }) => {
    const single = lines.length === 1 ? { reason, line: lines[0] as number, text } : { reason, lines, text };
    return element === undefined ? single : { ...single, element };
  });
}

function expandCuts(cuts: ReadonlyArray<Cut | CutGroup>): Cut[] {
  if (!cuts.some((cut) => 'lines' in cut)) return cuts as Cut[];
  const expanded: Cut[] = [];
  for (const cut of cuts) {
    if (!('lines' in cut)) {
      expanded.push(cut);
      continue;
    }
    const { reason, lines, text, element } = cut;
    for (const line of lines)
      expanded.push(element === undefined ? { reason, line, text } : { reason, line, text, element });
  }
  return expanded.sort((a, b) => a.line - b.line);
}
