import type { CleanStory } from '@cleanwire/contracts';
import { tokenize } from './tokenize';

/** Most distinct terms indexed per story; the rest (lowest weights) are dropped so one huge story cannot flood the index. */
export const MAX_TERMS_PER_STORY = 2000;

/** How many times a headline occurrence counts relative to a body or caption occurrence. */
export const HEADLINE_BOOST = 3;
export const CAPTION_BOOST = 1;

// BM25 constants. Without corpus statistics at index time, length is normalised against a nominal
// news story length instead of the corpus average, so a story's weights never change after it is saved.
const K1 = 1.2;
const B = 0.75;
const NOMINAL_LENGTH = 400;

/** BM25-style saturated weight of each term in a story, headline occurrences boosted, capped at MAX_TERMS_PER_STORY. */
export function termWeights(story: Pick<CleanStory, 'headline' | 'captions' | 'body'>): Map<string, number> {
  const frequencies = new Map<string, number>();
  let length = 0;
  const count = (text: string, boost: number): void => {
    for (const term of tokenize(text)) {
      frequencies.set(term, (frequencies.get(term) ?? 0) + boost);
      length += 1;
    }
  };
  count(story.headline, HEADLINE_BOOST);
  for (const caption of story.captions) count(caption, CAPTION_BOOST);
  for (const paragraph of story.body) count(paragraph, 1);

  const lengthNorm = K1 * (1 - B + (B * length) / NOMINAL_LENGTH);
  const weighted: [string, number][] = [];
  for (const [term, tf] of frequencies) {
    // Rounded so the stored scores are short and identical wherever they are computed.
    weighted.push([term, Math.round(((tf * (K1 + 1)) / (tf + lengthNorm)) * 1e6) / 1e6]);
  }
  // Highest weight first, then code-unit order: the cap keeps the same terms on every run.
  weighted.sort(([ta, wa], [tb, wb]) => wb - wa || (ta < tb ? -1 : ta > tb ? 1 : 0));
  return new Map(weighted.slice(0, MAX_TERMS_PER_STORY));
}
