const LINE_BREAK = /\r\n|\r|\n/g;
// A line holding only spaces or invisible characters looks empty to whoever reads the dump, so it separates too.
const BLANK_LINE = /^[\s\u200B\u00AD\u2060]*$/;

/**
 * Splits a scraped plain-text dump into article texts: articles are separated by runs of two or more blank lines.
 * Stops after `maxArticles` articles.
 */
export function splitTextDump(dump: string, maxArticles = Number.POSITIVE_INFINITY): string[] {
  const articles: string[] = [];
  let current: string[] = [];
  let blankRun = 0;
  for (const line of lines(dump)) {
    if (BLANK_LINE.test(line)) {
      blankRun++;
      continue;
    }
    if (blankRun >= 2) {
      pushArticle(articles, current);
      if (articles.length >= maxArticles) return articles;
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

/** The lines of a text, one at a time: a dump past the article limit is never split whole. */
function* lines(text: string): Generator<string> {
  let start = 0;
  for (const lineBreak of text.matchAll(LINE_BREAK)) {
    yield text.slice(start, lineBreak.index);
    start = lineBreak.index + lineBreak[0].length;
  }
  yield text.slice(start);
}

function pushArticle(articles: string[], lines: readonly string[]): void {
  const text = lines.join('\n').trim();
  if (text !== '') articles.push(text);
}
