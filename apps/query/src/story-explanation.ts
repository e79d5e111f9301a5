import { type CleanStory, type Cut, CUT_REASONS, type CutReason } from '@cleanwire/contracts';

/** Why each line of a story's raw text was cut: every cut with its reason, and how many cuts each reason made. */
export interface StoryExplanation {
  id: string;
  headline: string;
  cuts: Cut[];
  /** Every known reason, 0 for the ones that cut nothing. */
  counts: Record<CutReason, number>;
}

/** The explanation of a stored story's cuts, in raw line order. */
export function explainStory(story: Pick<CleanStory, 'id' | 'headline' | 'cuts'>): StoryExplanation {
  const counts = Object.fromEntries(CUT_REASONS.map((reason) => [reason, 0])) as Record<CutReason, number>;
  for (const cut of story.cuts) counts[cut.reason] += 1;
  const cuts = story.cuts.map(({ reason, line, text, element }) =>
    element === undefined ? { reason, line, text } : { reason, line, text, element },
  );
  return { id: story.id, headline: story.headline, cuts: cuts.sort((a, b) => a.line - b.line), counts };
}
