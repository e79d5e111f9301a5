// Labels of share bars, font-size controls and counters that scrapers copy into the text above a story.
const WIDGET_WORDS = new Set([
  'a',
  'a+',
  'a-',
  'a\u2212',
  'aa',
  'bookmark',
  'comment',
  'comments',
  'copy',
  'e-mail',
  'email',
  'facebook',
  'flipboard',
  'linkedin',
  'link',
  'listen',
  'mail',
  'messenger',
  'pinterest',
  'print',
  'reddit',
  'save',
  'saved',
  'share',
  'shares',
  't',
  'telegram',
  'tt',
  'tweet',
  'twitter',
  'whatsapp',
  'x',
]);

const WIDGET_PHRASES = new Set([
  'copy link',
  'link copied',
  'font size',
  'text size',
  'share this',
  'share this article',
]);

// Share and comment counters: "20", "1204", "1,204", "1.2K".
const COUNTER = /^(?:\d{1,6}|\d{1,3}(?:[.,]\d{1,3})+)[kKmM]?$/;
const TOKEN_SEPARATOR = /[\s|·•/]+/;
const MAX_WIDGET_LINE_LENGTH = 60;
const MAX_WIDGET_TOKENS = 8;

/** Tells whether a normalized line is share-bar, font-size or counter noise; only meaningful above a story's body. */
export function isWidgetNoise(line: string): boolean {
  if (line.length === 0 || line.length > MAX_WIDGET_LINE_LENGTH) return false;
  const lower = line.toLowerCase();
  if (WIDGET_PHRASES.has(lower)) return true;
  const tokens = lower.split(TOKEN_SEPARATOR).filter((token) => token.length > 0);
  if (tokens.length === 0 || tokens.length > MAX_WIDGET_TOKENS) return false;
  return tokens.every((token) => WIDGET_WORDS.has(token) || COUNTER.test(token));
}
