import type { CleanStory } from '@cleanwire/contracts';
import { analysisStamp, analyzeFields, type SearchTerm, type SearchWord } from './analyze';
import { signatureOfWords } from './near-duplicate';

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
/** The largest weight a term can get: BM25's saturation limit k1 + 1. */
export const MAX_TERM_WEIGHT = K1 + 1;
/** Impacts are weights quantized to one byte, 1..255: postings store them instead of floats. */
export const MAX_IMPACT = 255;

type Indexable = Pick<CleanStory, 'headline' | 'captions' | 'body'>;

/** What indexing a story needs from its text, computed in one pass over it. */
export interface StoryAnalysis {
  /** Distinct index terms (stems), in order of first occurrence, capped at MAX_TERMS_PER_STORY. */
  terms: string[];
  /** Each term's BM25-style saturated weight (headline occurrences boosted), rounded to 1e-6. */
  weights: number[];
  /** The indexed words (folded, unstemmed, stopwords left out) with their terms: what prefix queries expand through. */
  words: SearchWord[];
  /** The MinHash signature of the body text, or undefined when it is too short to compare. */
  signature: Uint32Array | undefined;
}

/**
 * Analyses a story for the index: its terms with BM25-style saturated weights (headline occurrences boosted), the words
 * prefix queries expand through, and the near-duplicate signature of its body.
 */
export function analyzeStory(story: Indexable): StoryAnalysis {
  const { words, languageBit, bodyHashes, bodyWords } = analyzeFields([
    { texts: [story.headline], boost: HEADLINE_BOOST },
    { texts: story.captions, boost: CAPTION_BOOST },
    { texts: story.body, boost: 1, body: true },
  ]);
  const stamp = analysisStamp();
  const terms: SearchTerm[] = [];
  const indexed: SearchWord[] = [];
  let length = 0;
  for (const word of words) {
    if ((word.stops >>> languageBit) & 1) continue;
    indexed.push(word);
    const term = word.term;
    if (term.stamp !== stamp) {
      term.stamp = stamp;
      term.tf = 0;
      terms.push(term);
    }
    term.tf += word.tf;
    length += word.count;
  }
  const lengthNorm = K1 * (1 - B + (B * length) / NOMINAL_LENGTH);
  // Rounded so the stored scores are short and identical wherever they are computed.
  let weighted = terms.map((term): [string, number] => [
    term.term,
    Math.round(((term.tf * (K1 + 1)) / (term.tf + lengthNorm)) * 1e6) / 1e6,
  ]);
  let kept = indexed;
  if (weighted.length > MAX_TERMS_PER_STORY) {
    // Highest weight first, then code-unit order: the cap keeps the same terms on every run.
    weighted.sort(([ta, wa], [tb, wb]) => wb - wa || (ta < tb ? -1 : ta > tb ? 1 : 0));
    weighted = weighted.slice(0, MAX_TERMS_PER_STORY);
    const capped = new Set(weighted.map(([term]) => term));
    kept = indexed.filter((word) => capped.has(word.term.term));
  }
  return {
    terms: weighted.map(([term]) => term),
    weights: weighted.map(([, weight]) => weight),
    words: kept,
    signature: signatureOfWords(bodyHashes, bodyWords),
  };
}

/** A term weight quantized to 1..255 for a posting. */
export function impactOf(weight: number): number {
  return Math.min(MAX_IMPACT, Math.max(1, Math.round((weight / MAX_TERM_WEIGHT) * MAX_IMPACT)));
}

/** Inverse document frequency in BM25's form, never negative. */
export function idf(stories: number, storiesWithTerm: number): number {
  const df = Math.max(0, Math.min(storiesWithTerm, stories));
  return Math.log(1 + (stories - df + 0.5) / (df + 0.5));
}
