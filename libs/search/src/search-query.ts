import { InvalidInputError } from '@cleanwire/contracts';
import { detectLatinLanguage, isStopword, phraseTerms, stem } from './analyze';
import { tokenize } from './tokenize';

/** Most clauses (words, prefixes, phrases, exclusions) one query may have. */
export const MAX_QUERY_CLAUSES = 16;
/** Shortest prefix, in code points, a `word*` may have: shorter ones would match most of the dictionary. */
export const MIN_PREFIX_LENGTH = 2;

/**
 * A parsed search query. Every story found contains all `terms`, a word starting with each of `prefixes`, each of
 * `phrases`, and none of `excluded` or `excludedPhrases`.
 */
export interface SearchQuery {
  /** Index terms (stems, stopwords dropped) of the plain words and of the phrases' words. */
  terms: string[];
  /** Folded word prefixes. */
  prefixes: string[];
  /** Index terms of words after a minus. */
  excluded: string[];
  /** Phrases as sequences of stemmed words, stopwords kept: checked against the story's text. */
  phrases: string[][];
  excludedPhrases: string[][];
}

// A clause: an optional minus, then a quoted phrase or a bare run up to the next space or quote.
const CLAUSE = /(-?)(?:"([^"]*)"?|([^\s"]+))/gu;

/**
 * Parses the query language: words (all must match), "quoted phrases", -exclusions (of a word or a phrase) and
 * prefix* words. Words are folded, stemmed and stripped of stopwords exactly as stories are.
 */
export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { terms: [], prefixes: [], excluded: [], phrases: [], excludedPhrases: [] };
  const language = detectLatinLanguage(tokenize(q.replace(/["*-]/g, ' ')));
  const addTerms = (target: string[], words: readonly string[]): void => {
    for (const word of words) {
      if (isStopword(word, language)) continue;
      const term = stem(word);
      if (!target.includes(term)) target.push(term);
    }
  };
  let clauses = 0;
  for (const match of q.matchAll(CLAUSE)) {
    const [, minus, phrase, bare] = match;
    const negative = minus === '-';
    if (phrase !== undefined) {
      const sequence = phraseTerms(phrase);
      if (sequence.length === 0) continue;
      clauses++;
      if (negative) {
        query.excludedPhrases.push(sequence);
      } else {
        // A phrase of one word is that word; longer ones also need every word, which the postings can check cheaply.
        if (sequence.length > 1) query.phrases.push(sequence);
        addTerms(query.terms, tokenize(phrase));
        if (sequence.length > 1 && query.terms.length === 0) query.phrases.pop();
      }
      continue;
    }
    const text = bare ?? '';
    if (!negative && text.endsWith('*')) {
      const words = tokenize(text);
      const prefix = words.pop();
      addTerms(query.terms, words);
      if (prefix !== undefined && Array.from(prefix).length >= MIN_PREFIX_LENGTH && !query.prefixes.includes(prefix)) {
        query.prefixes.push(prefix);
        clauses++;
      } else if (prefix !== undefined) {
        addTerms(query.terms, [prefix]);
      }
      continue;
    }
    const words = tokenize(text);
    if (words.length === 0) continue;
    clauses++;
    addTerms(negative ? query.excluded : query.terms, words);
  }
  if (clauses > MAX_QUERY_CLAUSES) {
    throw new InvalidInputError(`q: at most ${MAX_QUERY_CLAUSES} words, phrases or exclusions`, 'q');
  }
  return query;
}

/** True when the query can match something: a story needs at least one term or prefix to be found by. */
export function isSearchable(query: SearchQuery): boolean {
  return query.terms.length > 0 || query.prefixes.length > 0;
}
