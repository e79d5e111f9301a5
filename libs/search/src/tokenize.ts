/** Longest term kept, in code points: longer runs are noise (hashes, base64) and would bloat key names. */
export const MAX_TERM_LENGTH = 64;

// Invisible format characters that sit inside words (soft hyphen, zero-width space/joiners, word joiner):
// Persian and Indic text uses ZWNJ/ZWJ inside words, and a query typed without them must still match.
const INVISIBLE_IN_WORDS = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
// Marks are part of a word (Arabic harakat, Indic vowel signs) but cannot start one.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const POSSESSIVE = /(?<=[\p{L}\p{N}\p{M}])['\u2019]s(?![\p{L}\p{N}\p{M}])/gu;

/** Canonical form that tokens are cut from: compatibility-normalized, invisible joiners dropped, lowercased. */
export function normalizeForSearch(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(INVISIBLE_IN_WORDS, '')
      // toLowerCase is locale-independent; Turkish capital İ lowercases to i + U+0307, which no one types.
      .toLowerCase()
      .replace(/i\u0307/g, 'i')
      .normalize('NFC')
  );
}

/** Splits text into lowercase search terms: letters, digits and combining marks; no stemming, no stopwords. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalizeForSearch(text).replace(POSSESSIVE, ' ').matchAll(WORD)) {
    tokens.push(truncate(match[0]));
  }
  return tokens;
}

function truncate(token: string): string {
  // Cheap length test first: only tokens that might exceed the limit pay for code-point splitting.
  if (token.length <= MAX_TERM_LENGTH) return token;
  const codePoints = Array.from(token);
  return codePoints.length <= MAX_TERM_LENGTH ? token : codePoints.slice(0, MAX_TERM_LENGTH).join('');
}
