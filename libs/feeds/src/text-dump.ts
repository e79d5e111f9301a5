const LINE_BREAK = /\r\n|\r|\n/g;
const BLANK_LINE = /^\s*$/;
// A line of invisible characters (zero-width space, word joiner, soft hyphen, BOM) and spaces: scrapers write these
// as spacers between the paragraphs of one article.
const INVISIBLE_LINE = /^[\s\u200B\u00AD\u2060\uFEFF]*$/;

/**
 * Splits a scraped plain-text dump into article texts: articles are separated by runs of two or more blank lines. A
 * line holding only invisible characters looks blank to a reader, so it separates paragraphs, but it never counts
 * toward an article break: a dump that spaces its paragraphs with "\n\u200B\n" stays one article. Stops after
 * `maxArticles` articles.
 */
export function splitTextDump(dump: string, maxArticles = Number.POSITIVE_INFINITY): string[] {
  const articles: string[] = [];
  let current: string[] = [];
  // Since the last text line: consecutive blank lines, whether two ever ran together, whether a spacer came.
  let blankRun = 0;
  let articleBreak = false;
  let spacer = false;
  for (const line of lines(dump)) {
    if (BLANK_LINE.test(line)) {
      if (++blankRun >= 2) articleBreak = true;
      continue;
    }
    if (INVISIBLE_LINE.test(line)) {
      spacer = true;
      blankRun = 0;
      continue;
    }
    if (articleBreak) {
      pushArticle(articles, current);
      if (articles.length >= maxArticles) return articles;
      current = [];
    } else if ((blankRun === 1 || spacer) && current.length > 0) {
      // A single blank line separates paragraphs inside one article; keep it so paragraphs stay apart.
      current.push('');
    }
    blankRun = 0;
    articleBreak = false;
    spacer = false;
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
