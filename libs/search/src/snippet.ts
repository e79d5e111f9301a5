import { stem } from './analyze';
import type { SearchQuery } from './search-query';
import { RawWords, wordTokens } from './tokenize';

/** Words around the best passage a snippet shows. */
export const SNIPPET_WORDS = 32;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ESCAPES[char] ?? char);
}

/** The lowercase ASCII letter or digit a raw word starts with, or '' when it starts with another character. */
function asciiInitial(text: string, at: number): string {
  const unit = text.charCodeAt(at);
  if (unit >= 0x41 && unit <= 0x5a) return String.fromCharCode(unit + 0x20);
  return unit < 0x80 ? text.charAt(at) : '';
}

/**
 * The passage of `text` with the most distinct query words, about SNIPPET_WORDS words long, HTML-escaped, each
 * matching word wrapped in `<mark>`, with an ellipsis where text was left out. Without a match, the text's opening.
 */
export function highlightSnippet(text: string, query: Pick<SearchQuery, 'terms' | 'prefixes'>): string {
  const terms = new Set(query.terms);
  // A folded ASCII word starts with its raw word's first letter, lowercased, and so does its stem: an ASCII word whose
  // first letter starts no query word is no match, and is neither folded nor stemmed (most words of a snippet's text).
  const initials = new Set([...query.terms, ...query.prefixes].map((term) => term.charAt(0)));
  const matches = (word: string): boolean => terms.has(stem(word));
  const words: Array<{ start: number; end: number; key: string | null }> = [];
  const scanner = new RawWords(text);
  while (scanner.next()) {
    const { start, end } = scanner;
    const initial = asciiInitial(text, start);
    let key: string | null = null;
    if (initial === '' || initials.has(initial)) {
      const folded = wordTokens(text.slice(start, end));
      const hit =
        folded.find(matches) ?? folded.find((word) => query.prefixes.some((prefix) => word.startsWith(prefix)));
      if (hit !== undefined) key = stem(hit);
    }
    words.push({ start, end, key });
  }
  if (words.length === 0) return escapeHtml(text.slice(0, 200));

  // Slide a window over the words; the window with the most distinct matched terms wins, the earliest on ties.
  let bestStart = 0;
  let bestScore = -1;
  const inWindow = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const entering = words[i]?.key;
    if (entering) inWindow.set(entering, (inWindow.get(entering) ?? 0) + 1);
    const leavingIndex = i - SNIPPET_WORDS;
    const leaving = leavingIndex >= 0 ? words[leavingIndex]?.key : null;
    if (leaving) {
      const left = (inWindow.get(leaving) ?? 1) - 1;
      if (left === 0) inWindow.delete(leaving);
      else inWindow.set(leaving, left);
    }
    const start = Math.max(0, i - SNIPPET_WORDS + 1);
    if (inWindow.size > bestScore && (entering || bestScore < 0)) {
      bestScore = inWindow.size;
      // Start the window a few words before its first match, so the match reads in context.
      bestStart = start;
    }
  }
  const first = words.slice(bestStart).findIndex((word) => word.key !== null);
  const from = Math.max(0, first < 0 ? bestStart : Math.min(bestStart, bestStart + first - 4));
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  let out = from > 0 ? '…' : '';
  let cursor = (words[from] as { start: number }).start;
  for (let i = from; i < to; i++) {
    const word = words[i] as { start: number; end: number; key: string | null };
    out += escapeHtml(text.slice(cursor, word.start));
    const surface = escapeHtml(text.slice(word.start, word.end));
    out += word.key ? `<mark>${surface}</mark>` : surface;
    cursor = word.end;
  }
  if (to < words.length) out += '…';
  else out += escapeHtml(text.slice(cursor));
  return out;
}
