import * as stopwordLists from 'stopword';
import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { normalizeForSearch, tokenize, wordTokens } from './tokenize';

/**
 * Languages whose stopwords a Latin-script text is tested against; the one with most hits is the text's language.
 * Keys are the stopword package's ISO 639-3 codes.
 */
const LATIN_LANGUAGES = ['eng', 'fra', 'spa', 'deu', 'ita', 'por', 'nld', 'swe', 'tur', 'ind'] as const;
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];

/** The stopword list of each non-Latin script that has one, by the script's test. */
const SCRIPT_STOPWORDS: ReadonlyArray<{ script: RegExp; list: StopwordList }> = [
  { script: /\p{Script=Arabic}/u, list: 'ara' },
  { script: /\p{Script=Cyrillic}/u, list: 'rus' },
  { script: /\p{Script=Greek}/u, list: 'ell' },
  { script: /\p{Script=Hebrew}/u, list: 'heb' },
  { script: /\p{Script=Devanagari}/u, list: 'hin' },
];

// Stemmers are chosen by script, never by a guessed language, so a query word stems exactly as the same word in any
// story: a query of two words carries too little text to guess its language from.
const SCRIPT_STEMMERS: ReadonlyArray<{ script: RegExp; algorithm: string }> = [
  { script: /^[\p{Script=Latin}\p{N}]+$/u, algorithm: 'english' },
  { script: /\p{Script=Arabic}/u, algorithm: 'arabic' },
  { script: /\p{Script=Cyrillic}/u, algorithm: 'russian' },
  { script: /\p{Script=Armenian}/u, algorithm: 'armenian' },
  { script: /\p{Script=Tamil}/u, algorithm: 'tamil' },
];

type StopwordList = keyof typeof stopwordLists;

const stopwordSets = new Map<StopwordList, ReadonlySet<string>>();

/** A stopword list of the package, folded like indexed text so that "été" and "ete" are the same stopword. */
function stopwords(list: StopwordList): ReadonlySet<string> {
  let set = stopwordSets.get(list);
  if (set === undefined) {
    set = new Set(stopwordLists[list].flatMap((word) => tokenize(word)));
    stopwordSets.set(list, set);
  }
  return set;
}

let latinStopwordLanguages: Map<string, number[]> | undefined;

/** The Latin-script language whose stopwords occur most often in these words; English when none occur. */
export function detectLatinLanguage(words: readonly string[]): LatinLanguage {
  if (latinStopwordLanguages === undefined) {
    latinStopwordLanguages = new Map();
    LATIN_LANGUAGES.forEach((language, index) => {
      for (const word of stopwords(language)) {
        latinStopwordLanguages?.set(word, [...(latinStopwordLanguages.get(word) ?? []), index]);
      }
    });
  }
  const hits = new Array<number>(LATIN_LANGUAGES.length).fill(0);
  // The first few hundred words tell the language as well as the whole text does.
  const end = Math.min(words.length, DETECTION_SAMPLE);
  for (let i = 0; i < end; i++) {
    for (const index of latinStopwordLanguages.get(words[i] as string) ?? []) hits[index] = (hits[index] ?? 0) + 1;
  }
  let best = 0;
  hits.forEach((count, index) => {
    if (count > (hits[best] ?? 0)) best = index;
  });
  return LATIN_LANGUAGES[best] ?? 'eng';
}

const LATIN_WORD = /^[\p{Script=Latin}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]/;
const DETECTION_SAMPLE = 300;

/** True when the folded word is a stopword: of the text's language for Latin script, of its script's language otherwise. */
export function isStopword(word: string, language: LatinLanguage): boolean {
  if (ASCII_WORD.test(word) || LATIN_WORD.test(word)) return stopwords(language).has(word);
  for (const { script, list } of SCRIPT_STOPWORDS) {
    if (script.test(word)) return stopwords(list).has(word);
  }
  return false;
}

const stemmers = new Map<string, Stemmer>();
const stems = new Map<string, string>();
// Word frequencies follow Zipf's law, so a bounded cache of recent stems answers nearly every lookup.
const STEM_CACHE_SIZE = 500_000;

/** The Snowball stem of a folded word for its script (English for Latin script); other scripts are left as they are. */
export function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  let result = word;
  // Digits and very short words carry no suffix worth removing.
  if (word.length > 2 && !/^\p{N}+$/u.test(word)) {
    const entry = ASCII_WORD.test(word) ? SCRIPT_STEMMERS[0] : SCRIPT_STEMMERS.find(({ script }) => script.test(word));
    if (entry) {
      let stemmer = stemmers.get(entry.algorithm);
      if (stemmer === undefined) {
        stemmer = newStemmer(entry.algorithm);
        stemmers.set(entry.algorithm, stemmer);
      }
      // Snowball may reintroduce a letter variant the fold removed (Arabic); fold again so the stem is canonical.
      result = normalizeForSearch(stemmer.stem(word)) || word;
    }
  }
  if (stems.size >= STEM_CACHE_SIZE) stems.clear();
  stems.set(word, result);
  return result;
}

/** Every word of a text stemmed, stopwords kept: the sequence phrases are matched against. */
export function phraseTerms(text: string): string[] {
  return tokenize(text).map(stem);
}

/** A raw word's index terms under a language: each folded word that is no stopword, with its stem. */
export interface WordTerm {
  word: string;
  term: string;
}

const analyzedWords = new Map<LatinLanguage, Map<string, WordTerm[]>>();

/** The index terms of one raw word (as `countRawWords` found it) in a text of `language`; cached. */
export function rawWordTerms(raw: string, language: LatinLanguage): WordTerm[] {
  let cache = analyzedWords.get(language);
  if (cache === undefined) {
    cache = new Map();
    analyzedWords.set(language, cache);
  }
  let terms = cache.get(raw);
  if (terms === undefined) {
    terms = [];
    for (const word of wordTokens(raw)) if (!isStopword(word, language)) terms.push({ word, term: stem(word) });
    if (cache.size >= STEM_CACHE_SIZE) cache.clear();
    cache.set(raw, terms);
  }
  return terms;
}
