import type { CleanStory } from '@cleanwire/contracts';
import { detectLatinLanguage, rawWordTerms } from './analyze';
import { countRawWords, wordTokens } from './tokenize';

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

/** What a story adds to the index: each term's weight, and each indexed word (folded, unstemmed) with its stem. */
export interface StoryIndexEntries {
  weights: Map<string, number>;
  words: Map<string, string>;
}

/**
 * The index entries of a story: BM25-style saturated term weights (headline occurrences boosted, capped at
 * MAX_TERMS_PER_STORY) and the words prefix queries expand through.
 */
export function storyIndexEntries(story: Indexable): StoryIndexEntries {
  // Raw words are counted per field first; normalization, stopwords and stemming then run once per distinct word.
  const headline = new Map<string, number>();
  const captions = new Map<string, number>();
  const body = new Map<string, number>();
  countRawWords(story.headline, 1, headline);
  for (const caption of story.captions) countRawWords(caption, 1, captions);
  for (const paragraph of story.body) countRawWords(paragraph, 1, body);
  const fields: Array<[Map<string, number>, number]> = [
    [headline, HEADLINE_BOOST],
    [captions, CAPTION_BOOST],
    [body, 1],
  ];
  const sample: string[] = [];
  for (const [counts] of fields) {
    for (const raw of counts.keys()) if (sample.length < 300) sample.push(...wordTokens(raw));
  }
  const language = detectLatinLanguage(sample);
  const frequencies = new Map<string, number>();
  const words = new Map<string, string>();
  let length = 0;
  for (const [counts, boost] of fields) {
    for (const [raw, count] of counts) {
      for (const { word, term } of rawWordTerms(raw, language)) {
        words.set(word, term);
        frequencies.set(term, (frequencies.get(term) ?? 0) + count * boost);
        length += count;
      }
    }
  }

  const lengthNorm = K1 * (1 - B + (B * length) / NOMINAL_LENGTH);
  const weighted: [string, number][] = [];
  for (const [term, tf] of frequencies) {
    // Rounded so the stored scores are short and identical wherever they are computed.
    weighted.push([term, Math.round(((tf * (K1 + 1)) / (tf + lengthNorm)) * 1e6) / 1e6]);
  }
  // Highest weight first, then code-unit order: the cap keeps the same terms on every run.
  if (weighted.length > MAX_TERMS_PER_STORY) {
    weighted.sort(([ta, wa], [tb, wb]) => wb - wa || (ta < tb ? -1 : ta > tb ? 1 : 0));
  }
  const weights = new Map(weighted.slice(0, MAX_TERMS_PER_STORY));
  for (const [word, term] of words) if (!weights.has(term)) words.delete(word);
  return { weights, words };
}

/** BM25-style saturated weight of each term in a story, headline occurrences boosted, capped at MAX_TERMS_PER_STORY. */
export function termWeights(story: Indexable): Map<string, number> {
  return storyIndexEntries(story).weights;
}

/** A term weight quantized to 1..255 for a posting. */
export function impactOf(weight: number): number {
  return Math.min(MAX_IMPACT, Math.max(1, Math.round((weight / MAX_TERM_WEIGHT) * MAX_IMPACT)));
}

/** Each term of a story with its one-byte impact. */
export function termImpacts(story: Indexable): Map<string, number> {
  const impacts = new Map<string, number>();
  for (const [term, weight] of termWeights(story)) impacts.set(term, impactOf(weight));
  return impacts;
}

/** Inverse document frequency in BM25's form, never negative. */
export function idf(stories: number, storiesWithTerm: number): number {
  const df = Math.max(0, Math.min(storiesWithTerm, stories));
  return Math.log(1 + (stories - df + 0.5) / (df + 0.5));
}
