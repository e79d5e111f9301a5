/** Longest term kept, in code points: longer runs are noise (hashes, base64) and would bloat key names. */
export const MAX_TERM_LENGTH = 64;

// Invisible format characters that sit inside words (soft hyphen, zero-width space/joiners, word joiner):
// Persian and Indic text uses ZWNJ/ZWJ inside words, and a query typed without them must still match.
const INVISIBLE_IN_WORDS = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// Marks are part of a word (Indic vowel signs) but cannot start one.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const PLAIN_ASCII = /^[a-z0-9]+$/i;

// Accents of Latin, Greek and Cyrillic letters (the Combining Diacritical Marks block): a query typed without them
// must still match. Indic and other scripts' marks are outside this block and stay.
const LATIN_DIACRITICS = /[\u0300-\u036f]/g;
// Letters that decompose into no base + mark, folded by hand.
const LATIN_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};
const LATIN_FOLDABLE = /[ßæœøđðłıþ]/g;

// Arabic: harakat, superscript alef and Quranic annotation marks are optional in writing; tatweel is only a stretch.
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
// Spelling variants a reader treats as one letter: hamza-carrying alefs, alef maqsura and Persian yeh, ta marbuta,
// Persian kaf.
const ARABIC_FOLDS: Record<string, string> = {
  '\u0622': '\u0627',
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0671': '\u0627',
  '\u0649': '\u064a',
  '\u06cc': '\u064a',
  '\u0629': '\u0647',
  '\u06a9': '\u0643',
};
const ARABIC_FOLDABLE = /[\u0622\u0623\u0625\u0671\u0649\u06cc\u0629\u06a9]/g;

// Han, kana and Hangul are written without spaces: runs of them are cut into overlapping bigrams.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Canonical form that tokens are cut from: compatibility-normalized, invisible joiners dropped, lowercased, Latin
 * accents, Greek final sigma and Arabic spelling variants folded.
 */
export function normalizeForSearch(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(INVISIBLE_IN_WORDS, '')
      // toLowerCase is locale-independent; Turkish capital İ lowercases to i + U+0307, which the fold below drops.
      .toLowerCase()
      .normalize('NFD')
      .replace(LATIN_DIACRITICS, '')
      .normalize('NFC')
      .replace(LATIN_FOLDABLE, (letter) => LATIN_FOLDS[letter] ?? letter)
      // Greek final sigma is σ at the end of a word: toLowerCase picks ς by the letters around Σ, so a word lowercased
      // alone and the same word in a sentence would differ.
      .replace(/ς/g, 'σ')
      .replace(ARABIC_MARKS, '')
      .replace(ARABIC_FOLDABLE, (letter) => ARABIC_FOLDS[letter] ?? letter)
  );
}

/**
 * Splits text into folded search words in reading order: letters, digits and combining marks; CJK runs become
 * overlapping bigrams. No stopword removal and no stemming (see `analyzeStory`).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  // Words are cut from the raw text and normalized one by one: most words of most texts are plain ASCII, which only
  // needs lowercasing, and normalizing a word never joins it with its neighbours.
  const words = new RawWords(text);
  while (words.next()) for (const token of wordTokens(words.word())) tokens.push(token);
  return tokens;
}

/** The tokens of one raw word, as `tokenize` yields them (a CJK run gives several). */
export function wordTokens(raw: string): string[] {
  if (PLAIN_ASCII.test(raw)) return [truncate(raw.toLowerCase())];
  let words = wordCache.get(raw);
  if (words === undefined) {
    words = [];
    for (const part of normalizeForSearch(raw).matchAll(WORD)) {
      const word = part[0];
      if (CJK.test(word)) pushCjk(word, words);
      else words.push(truncate(word));
    }
    if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
    wordCache.set(raw, words);
  }
  return words;
}

// Character classes, looked up per UTF-16 code unit: a word starts with a letter or digit and goes on through letters,
// digits, combining marks and invisible joiners. Classes are computed on first sight of a code unit, so the Unicode
// property tests run once per character ever seen instead of once per word.
const OTHER = 1;
const START = 2;
const MARK = 3;
const JOINER = 4;
const SURROGATE = 5;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const COMBINING_MARK = /^\p{M}$/u;
const JOINERS = /^[\u00ad\u200b-\u200d\u2060\ufeff]$/u;
const unitClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classify(char: string): number {
  if (LETTER_OR_DIGIT.test(char)) return START;
  if (COMBINING_MARK.test(char)) return MARK;
  return JOINERS.test(char) ? JOINER : OTHER;
}

function unitClass(unit: number): number {
  const known = unitClasses[unit] as number;
  if (known !== 0) return known;
  const found = unit >= 0xd800 && unit <= 0xdfff ? SURROGATE : classify(String.fromCharCode(unit));
  unitClasses[unit] = found;
  return found;
}

function astralClass(codePoint: number): number {
  let found = astralClasses.get(codePoint);
  if (found === undefined) {
    found = classify(String.fromCodePoint(codePoint));
    astralClasses.set(codePoint, found);
  }
  return found;
}

const ASCII_CLASSES = Uint8Array.from({ length: 0x80 }, (_, unit) =>
  (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a) ? START : OTHER,
);

/**
 * The raw words of a text, one `next()` at a time: the matches of `[\p{L}\p{N}][\p{L}\p{N}\p{M}<joiners>]*` once
 * possessive suffixes (`'s`, `’s` after a letter, digit or mark, not followed by one) are cut off. `start` and `end`
 * delimit the current word in the text. Indexing, queries, snippets and near-duplicate shingles all read words so.
 */
export class RawWords {
  start = 0;
  end = 0;
  private at = 0;
  /** Class of the code point before `at` (for the possessive's look-behind). */
  private previous = OTHER;

  constructor(readonly text: string) {}

  /** Moves to the next word; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    let at = this.at;
    // Skip to a word start.
    for (;;) {
      if (at >= length) {
        this.at = at;
        return false;
      }
      const unit = text.charCodeAt(at);
      const kind = this.classAt(at);
      if (kind === START) break;
      if (
        (unit === 0x27 || unit === 0x2019) &&
        (this.previous === START || this.previous === MARK) &&
        text.charCodeAt(at + 1) === 0x73 &&
        !this.continuesWord(at + 2)
      ) {
        // A possessive suffix is skipped whole, as if it were a space; its `s` is a letter for the next look-behind.
        at += 2;
        this.previous = START;
        continue;
      }
      this.previous = kind;
      at += this.width(at);
    }
    this.start = at;
    let last = START;
    while (at < length) {
      const unit = text.charCodeAt(at);
      if (unit < 0x80) {
        if (ASCII_CLASSES[unit] !== START) break;
        last = START;
        at++;
        continue;
      }
      const kind = this.classAt(at);
      if (kind !== START && kind !== MARK && kind !== JOINER) break;
      last = kind;
      at += this.width(at);
    }
    this.end = at;
    this.at = at;
    this.previous = last;
    return true;
  }

  /** The current word as it is written. */
  word(): string {
    return this.text.slice(this.start, this.end);
  }

  private continuesWord(at: number): boolean {
    if (at >= this.text.length) return false;
    const kind = this.classAt(at);
    return kind === START || kind === MARK;
  }

  /** Code units of the code point at `at`. */
  private width(at: number): number {
    const unit = this.text.charCodeAt(at);
    if (unit < 0xd800 || unit > 0xdbff) return 1;
    const low = this.text.charCodeAt(at + 1);
    return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
  }

  /** The class of the code point at `at`; a lone surrogate is OTHER. */
  private classAt(at: number): number {
    const unit = this.text.charCodeAt(at);
    if (unit < 0x80) return ASCII_CLASSES[unit] as number;
    const kind = unitClass(unit);
    if (kind !== SURROGATE) return kind;
    const codePoint = this.text.codePointAt(at) ?? unit;
    return codePoint > 0xffff ? astralClass(codePoint) : OTHER;
  }
}

// Normalizing a non-ASCII word takes several Unicode passes; words recur (Zipf), so the results are cached.
const wordCache = new Map<string, string[]>();
const WORD_CACHE_SIZE = 200_000;

// A word can mix scripts ("iphone手机"): CJK runs are cut into bigrams, the rest stays whole.
function pushCjk(word: string, tokens: string[]): void {
  let last = 0;
  for (const run of word.matchAll(CJK_RUN)) {
    const index = run.index ?? 0;
    if (index > last) tokens.push(truncate(word.slice(last, index)));
    const chars = Array.from(run[0]);
    if (chars.length === 1) tokens.push(chars[0] as string);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
    last = index + run[0].length;
  }
  if (last < word.length) {
    // A trailing mark-only remainder is no word.
    const rest = word.slice(last);
    if (/^[\p{L}\p{N}]/u.test(rest)) tokens.push(truncate(rest));
  }
}

function truncate(token: string): string {
  // Cheap length test first: only tokens that might exceed the limit pay for code-point splitting.
  if (token.length <= MAX_TERM_LENGTH) return token;
  const codePoints = Array.from(token);
  return codePoints.length <= MAX_TERM_LENGTH ? token : codePoints.slice(0, MAX_TERM_LENGTH).join('');
}
