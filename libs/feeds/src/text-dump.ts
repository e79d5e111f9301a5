const LINE_BREAK = /\r\n|\r|\n/;
// A line holding only spaces or invisible characters looks empty to whoever reads the dump, so it separates too.
const BLANK_LINE = /^[\s\u200B\u00AD\u2060]*$/;

/** Splits a scraped plain-text dump into article texts: articles are separated by runs of two or more blank lines. */
export function splitTextDump(dump: string): string[] {
  const articles: string[] = [];
  let current: string[] = [];
  let blankRun = 0;
  for (const line of dump.split(LINE_BREAK)) {
    if (BLANK_LINE.test(line)) {
      blankRun++;
      continue;
    }
    if (blankRun >= 2) {
      pushArticle(articles, current);
      current = [];
    } else if (blankRun === 1 && current.length > 0) {
      // A single blank line separates paragraphs inside one article; keep it so paragraphs stay apart.
      current.push('');
    }
    blankRun = 0;
    current.push(line);
  }
  pushArticle(articles, current);
  return articles;
}

function pushArticle(articles: string[], lines: readonly string[]): void {
  const text = lines.join('\n').trim();
  if (text !== '') articles.push(text);
}
