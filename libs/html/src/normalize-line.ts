// ZWJ (U+200D) and ZWNJ (U+200C) are deliberately absent: they change how Arabic and Indic words are shaped.
const INVISIBLE = /[\u200B\uFEFF\u00AD\u2060]/g;
// JavaScript's \s already covers NBSP, the U+2000 block, U+202F, U+205F, U+3000 and the line separators. Only runs that
// change are matched (a lone ASCII space is left alone), which makes Arabic or CJK lines several times cheaper.
const UNNORMAL_WHITESPACE = /[^\S ]\s*| \s+/g;

// Most scraped Latin-script lines are already normal, and one pass of this regex is far cheaper than the replace and
// ICU passes. It accepts a line whose only spaces are single inner ASCII ones and whose other characters are visible
// and stable under NFC: printable ASCII, U+00A1-U+02FF but the soft hyphen, and the dashes, quotes and marks of
// U+2010-U+2027 and U+2030-U+205E (nothing below U+0300 composes or decomposes under NFC). Every word ends at a space
// or the end, so the match is linear.
const ALREADY_NORMAL =
  /^(?:[!-~\u00A1-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E]+(?: [!-~\u00A1-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E]+)*)?$/;

/** Unicode-normalizes one line: NFC, invisible characters removed, every Unicode space made a space, runs collapsed, trimmed. */
export function normalizeLine(line: string): string {
  if (ALREADY_NORMAL.test(line)) return line;
  // Invisibles go before NFC: a soft hyphen between a letter and its combining mark would otherwise block composition.
  return line.replace(INVISIBLE, '').normalize('NFC').replace(UNNORMAL_WHITESPACE, ' ').trim();
}
