import * as stopwordLists from 'stopword';
import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { hash64, mix32 } from './hash';
import { normalizeForSearch, RawWords, tokenize, wordTokens } from './tokenize';

/**
 * Languages whose stopwords a Latin-script text is tested against; the one with most hits is the text's language.
 * Keys are the stopword package's ISO 639-3 codes.
 */
const LATIN_LANGUAGES = ['eng', 'fra', 'spa', 'deu', 'ita', 'por', 'nld', 'swe', 'tur', 'ind'] as const;
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];
const LANGUAGE_BIT = new Map<LatinLanguage, number>(LATIN_LANGUAGES.map((language, index) => [language, index]));
/** Every language's bit: a stopword of a non-Latin script is one whatever the text's Latin language. */
const ALL_LANGUAGES = (1 << LATIN_LANGUAGES.length) - 1;

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

const LATIN_WORD = /^[\p{Script=Latin}\p{N}]/u;
const ASCII_WORD = /^[a-z0-9]/;
/** The first few hundred words tell a text's language as well as the whole text does. */
const DETECTION_SAMPLE = 300;

/** The Latin-script language whose stopwords occur most often in these words; English when none occur. */
export function detectLatinLanguage(words: readonly string[]): LatinLanguage {
  const hits = new Array<number>(LATIN_LANGUAGES.length).fill(0);
  const end = Math.min(words.length, DETECTION_SAMPLE);
  for (let i = 0; i < end; i++) countHits(hits, searchWord(words[i] as string).latinStops);
  return mostHits(hits);
}

function countHits(hits: number[], mask: number): void {
  for (let bits = mask, index = 0; bits !== 0; bits >>>= 1, index++) if (bits & 1) hits[index] = (hits[index] ?? 0) + 1;
}

function mostHits(hits: readonly number[]): LatinLanguage {
  let best = 0;
  hits.forEach((count, index) => {
    if (count > (hits[best] ?? 0)) best = index;
  });
  return LATIN_LANGUAGES[best] ?? 'eng';
}

/** True when the folded word is a stopword: of the text's language for Latin script, of its script's language otherwise. */
export function isStopword(word: string, language: LatinLanguage): boolean {
  return ((searchWord(word).stops >>> (LANGUAGE_BIT.get(language) ?? 0)) & 1) === 1;
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

/**
 * Whether the text holds the phrase (stems in order) as `phraseTerms` reads the text, without stemming every word: a
 * plain ASCII word is one token, whose stem starts with the word's own first letter (lowercased), so a word whose first
 * letter starts no word of the phrase is passed over unfolded and unstemmed.
 */
export function textContainsPhrase(text: string, phrase: readonly string[]): boolean {
  const length = phrase.length;
  if (length === 0) return true;
  const last = phrase[length - 1];
  const initials = new Set(phrase.map((term) => term.charAt(0)));
  // The terms of the last `length` tokens, in a ring; '' for a token that is no word of the phrase.
  const recent = new Array<string>(length).fill('');
  let seen = 0;
  const found = (term: string): boolean => {
    recent[seen % length] = term;
    seen++;
    if (term !== last || seen < length) return false;
    for (let k = 0; k < length; k++) if (recent[(seen - length + k) % length] !== phrase[k]) return false;
    return true;
  };
  const words = new RawWords(text);
  while (words.next()) {
    const initial = plainAsciiInitial(text, words.start, words.end);
    if (initial !== '' && !initials.has(initial)) {
      found('');
      continue;
    }
    for (const token of wordTokens(words.word())) if (found(stem(token))) return true;
  }
  return false;
}

/** The lowercased first character of a word of ASCII letters and digits only; '' for any other word. */
function plainAsciiInitial(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i) | 0x20;
    if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39))) return '';
  }
  return String.fromCharCode(text.charCodeAt(start) | 0x20);
}

/** An index term (a stem) and a story's running count of it while the story is analysed. */
export interface SearchTerm {
  readonly term: string;
  /** Analysis scratch: the story that last counted the term, and its count there (boosted). */
  stamp: number;
  tf: number;
}

/** A folded word, with everything analysis needs to know about it; shared by every story that contains it. */
export interface SearchWord {
  /** The folded word (`tokenize` output). */
  readonly word: string;
  /** A 32-bit hash of the word, the unit near-duplicate shingles are built from. */
  readonly hash: number;
  /** Bit per Latin language whose stopword list holds the word: language detection counts these. */
  readonly latinStops: number;
  /** Bit per Latin language in whose texts the word is a stopword (all bits for a non-Latin script's stopword). */
  readonly stops: number;
  /** Its stem. */
  readonly term: SearchTerm;
  /** Analysis scratch: the story that last counted the word, and its counts there (boosted, and plain). */
  stamp: number;
  tf: number;
  count: number;
}

// Analysis caches: surface form → folded words, folded word → word facts, stem → term. Words recur (Zipf), so nearly
// every word of a story is one lookup. They are cleared together, between stories, when one is full: a story's counts
// live on the cached objects, which must be the same objects throughout a story.
const searchWords = new Map<string, SearchWord>();
const searchTerms = new Map<string, SearchTerm>();
const WORD_CACHE_SIZE = 300_000;

/**
 * Surface forms (raw words as written) → their folded words. An open-addressing table over the text's own code units:
 * a lookup hashes the word where it stands and compares it with a copy kept in one array, so looking a word up
 * allocates nothing and touches little memory (a Map would need the word cut out as a string first).
 */
class SurfaceTable {
  static readonly MAX_ENTRIES = 300_000;
  size = 0;
  /** Per slot: the surface's hash and its entry number + 1 (0: empty). */
  private slots = new Int32Array(1 << 16);
  private mask = (1 << 15) - 1;
  /** The code units of every surface, back to back; an entry's start and length. */
  private units = new Uint16Array(1 << 20);
  private used = 0;
  private starts = new Int32Array(1 << 14);
  private lengths = new Int32Array(1 << 14);
  private words: SearchWord[][] = [];

  /** The folded words of `text.slice(start, end)`. */
  lookup(text: string, start: number, end: number): SearchWord[] {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = mix32(hash) | 0;
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1] as number;
      if (entry === 0) return this.insert(slot, hash, text, start, end);
      if (this.slots[2 * slot] !== hash || this.lengths[entry - 1] !== length) continue;
      const at = this.starts[entry - 1] as number;
      let i = 0;
      while (i < length && this.units[at + i] === text.charCodeAt(start + i)) i++;
      if (i === length) return this.words[entry - 1] as SearchWord[];
    }
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
    this.used = 0;
    this.words = [];
  }

  private insert(slot: number, hash: number, text: string, start: number, end: number): SearchWord[] {
    const words = wordTokens(text.slice(start, end)).map(searchWord);
    const length = end - start;
    if (this.used + length > this.units.length) this.units = grow(this.units, this.used + length);
    for (let i = 0; i < length; i++) this.units[this.used + i] = text.charCodeAt(start + i);
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts, this.size + 1);
      this.lengths = grow(this.lengths, this.size + 1);
    }
    this.starts[this.size] = this.used;
    this.lengths[this.size] = length;
    this.used += length;
    this.words.push(words);
    this.size++;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = this.size;
    // At most half full, so probes stay short.
    if (this.size * 2 > this.mask + 1) this.rehash();
    return words;
  }

  private rehash(): void {
    const old = this.slots;
    const slotCount = (this.mask + 1) * 2;
    this.slots = new Int32Array(slotCount * 2);
    this.mask = slotCount - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      let slot = (old[i] as number) & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = old[i] as number;
      this.slots[2 * slot + 1] = old[i + 1] as number;
    }
  }
}

function grow<T extends Int32Array | Uint16Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const grown = new (array.constructor as new (length: number) => T)(length);
  grown.set(array);
  return grown;
}

const surfaces = new SurfaceTable();

/** The facts of a folded word, cached. */
export function searchWord(word: string): SearchWord {
  let found = searchWords.get(word);
  if (found === undefined) {
    let latinStops = 0;
    LATIN_LANGUAGES.forEach((language, index) => {
      if (stopwords(language).has(word)) latinStops |= 1 << index;
    });
    let stops = latinStops;
    if (!ASCII_WORD.test(word) && !LATIN_WORD.test(word)) {
      const list = SCRIPT_STOPWORDS.find(({ script }) => script.test(word))?.list;
      stops = list !== undefined && stopwords(list).has(word) ? ALL_LANGUAGES : 0;
    }
    const term = stem(word);
    let searchTerm = searchTerms.get(term);
    if (searchTerm === undefined) {
      searchTerm = { term, stamp: 0, tf: 0 };
      searchTerms.set(term, searchTerm);
    }
    found = { word, hash: hash64(word)[0], latinStops, stops, term: searchTerm, stamp: 0, tf: 0, count: 0 };
    searchWords.set(word, found);
  }
  return found;
}

function clearFullCaches(): void {
  if (surfaces.size > SurfaceTable.MAX_ENTRIES || searchWords.size > WORD_CACHE_SIZE) {
    surfaces.clear();
    searchWords.clear();
    searchTerms.clear();
  }
}

/** What analysing a story found: its words with their counts, and its language. Valid until the next analysis. */
export interface StoryWords {
  /** The distinct folded words, in order of first occurrence, with `tf` (boosted) and `count` set. */
  words: SearchWord[];
  language: LatinLanguage;
  languageBit: number;
  /** Hashes of the body's words in reading order (stopwords included), for near-duplicate shingles; `bodyWords` long. */
  bodyHashes: Uint32Array;
  bodyWords: number;
}

let stamp = 0;
let bodyHashes = new Uint32Array(4096);

/**
 * Counts the words of a story's fields (`boost` per occurrence) and guesses its language from the first words. One
 * pass over the text per field; every word is looked up in the analysis caches, and nothing is allocated per word.
 */
export function analyzeFields(
  fields: ReadonlyArray<{ texts: readonly string[]; boost: number; body?: boolean }>,
): StoryWords {
  clearFullCaches();
  stamp++;
  const words: SearchWord[] = [];
  const hits = new Array<number>(LATIN_LANGUAGES.length).fill(0);
  let bodyWords = 0;
  for (const { texts, boost, body } of fields) {
    for (const text of texts) {
      const scanner = new RawWords(text);
      while (scanner.next()) {
        for (const word of surfaces.lookup(text, scanner.start, scanner.end)) {
          if (word.stamp !== stamp) {
            word.stamp = stamp;
            word.tf = 0;
            word.count = 0;
            words.push(word);
            if (words.length <= DETECTION_SAMPLE && word.latinStops !== 0) countHits(hits, word.latinStops);
          }
          word.tf += boost;
          word.count++;
          if (body) {
            if (bodyWords === bodyHashes.length) {
              const grown = new Uint32Array(bodyHashes.length * 2);
              grown.set(bodyHashes);
              bodyHashes = grown;
            }
            bodyHashes[bodyWords++] = word.hash;
          }
        }
      }
    }
  }
  const language = mostHits(hits);
  return { words, language, languageBit: LANGUAGE_BIT.get(language) ?? 0, bodyHashes, bodyWords };
}

/** The stamp of the analysis in progress: terms counted by it carry it. */
export function analysisStamp(): number {
  return stamp;
}

/** The hashes of a text's words in reading order (stopwords included): what near-duplicate shingles are made of. */
export function textWordHashes(text: string): Uint32Array {
  clearFullCaches();
  const hashes: number[] = [];
  const scanner = new RawWords(text);
  while (scanner.next()) for (const word of surfaces.lookup(text, scanner.start, scanner.end)) hashes.push(word.hash);
  return Uint32Array.from(hashes);
}
