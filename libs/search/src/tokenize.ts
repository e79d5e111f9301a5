/** Longest term kept, in code points: longer runs are noise (hashes, base64) and would bloat key names. */
export const MAX_TERM_LENGTH = 64;

// Invisible format characters that sit inside words (soft hyphen, zero-width space/joiners, word joiner):
// Persian and Indic text uses ZWNJ/ZWJ inside words, and a query typed without them must still match.
const INVISIBLE_IN_WORDS = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// Marks are part of a word (Indic vowel signs) but cannot start one.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
// A word of the raw text: invisible joiners inside it are kept, to be dropped by normalization.
const RAW_WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}\u00ad\u200b-\u200d\u2060\ufeff]*/gu;
const PLAIN_ASCII = /^[a-z0-9]+$/i;
const POSSESSIVE = /(?<=[\p{L}\p{N}\p{M}])['\u2019]s(?![\p{L}\p{N}\p{M}])/gu;

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
 * accents and Arabic spelling variants folded.
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
      .replace(ARABIC_MARKS, '')
      .replace(ARABIC_FOLDABLE, (letter) => ARABIC_FOLDS[letter] ?? letter)
  );
}

/**
 * Splits text into folded search words in reading order: letters, digits and combining marks; CJK runs become
 * overlapping bigrams. No stopword removal and no stemming (see `storyIndexEntries`).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  // Words are cut from the raw text and normalized one by one: most words of most texts are plain ASCII, which only
  // needs lowercasing, and normalizing a word never joins it with its neighbours.
  for (const match of text.replace(POSSESSIVE, ' ').matchAll(RAW_WORD)) tokens.push(...wordTokens(match[0]));
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

// Everything that cannot be inside a raw word.
const NON_WORD = /[^\p{L}\p{N}\p{M}\u00ad\u200b-\u200d\u2060\ufeff]+/u;
const WORD_START = /^[\p{L}\p{N}]/u;

/**
 * Adds `weight` to the count of each raw word of the text (unnormalized: pass each key through `wordTokens`). The same
 * words `tokenize` reads, found with one split instead of a match per word: indexing reads every word of every story.
 */
export function countRawWords(text: string, weight: number, counts: Map<string, number>): void {
  for (const piece of text.replace(POSSESSIVE, ' ').split(NON_WORD)) {
    if (piece === '') continue;
    if (WORD_START.test(piece)) {
      counts.set(piece, (counts.get(piece) ?? 0) + weight);
      continue;
    }
    // A piece that starts with a mark or a joiner: the words are where RAW_WORD finds them.
    for (const match of piece.matchAll(RAW_WORD)) counts.set(match[0], (counts.get(match[0]) ?? 0) + weight);
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
