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

const WEEKDAYS = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
]);
const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
// Words a dateline can hold besides the date itself: "Last updated: ...", "Published ... at 10:31 GMT", "3 hours ago".
const STAMP_WORDS = new Set([
  'updated',
  'published',
  'posted',
  'last',
  'on',
  'at',
  'ago',
  'an',
  'a',
  'hour',
  'hours',
  'minute',
  'minutes',
  'min',
  'mins',
  'day',
  'days',
  'week',
  'weeks',
  'am',
  'pm',
  'a.m.',
  'p.m.',
  'gmt',
  'utc',
  'et',
  'est',
  'edt',
  'cet',
  'cest',
  'bst',
  'pt',
  'pst',
  '-',
  '\u2013',
  '\u2014',
]);
const STAMP_SEPARATOR = /[\s,|]+/;
const DAY_NUMBER = /^\d{1,4}(?:st|nd|rd|th)?\.?$/;
const CLOCK = /^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm)?$/;
const NUMERIC_DATE = /^(?:\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}\/\d{1,2}\/\d{2,4})$/;
const ZONE_OFFSET = /^\(?(?:gmt|utc)?[+-]\d{1,2}(?::?\d{2})?\)?$/;
const MAX_META_LENGTH = 80;

/** Tells whether a normalized line is a dateline: "Monday, 5 May, 2025 - 10:31", "Updated 3 hours ago". */
export function isTimestamp(line: string): boolean {
  if (line.length === 0 || line.length > MAX_META_LENGTH || !/\d/.test(line)) return false;
  let anchored = false;
  for (const raw of line.toLowerCase().split(STAMP_SEPARATOR)) {
    const token = raw.endsWith(':') && raw.length > 1 ? raw.slice(0, -1) : raw;
    if (token === '') continue;
    if (WEEKDAYS.has(token) || MONTHS.has(token) || NUMERIC_DATE.test(token) || token === 'ago') anchored = true;
    else if (!STAMP_WORDS.has(token) && !DAY_NUMBER.test(token) && !CLOCK.test(token) && !ZONE_OFFSET.test(token)) {
      return false;
    }
  }
  // A bare clock ("9.30 A.M. / 7.00 P.M.") is an opening-hours line, not a dateline.
  return anchored;
}

const BYLINE = /^by\s+(\S.*)$/i;
// A capitalized name, also behind a lower-case article: "al-Said", "d'Arcy".
const NAME_PART = /^(?:(?:al|el|ibn|bin|abu|d)['\u2019-])?\p{Lu}[\p{L}\p{M}'\u2019.-]*,?$/u;
const NAME_PARTICLES = new Set(['and', '&', 'de', 'da', 'del', 'van', 'von', 'der', 'al', 'bin', 'el', 'la', 'le']);
const MAX_BYLINE_TOKENS = 8;

/** Tells whether a normalized line is a byline: "By Jane Doe", "By Jane Doe and Omar Said, Reuters". */
export function isByline(line: string): boolean {
  if (line.length > MAX_META_LENGTH) return false;
  const names = BYLINE.exec(line)?.[1];
  if (names === undefined) return false;
  const tokens = names.split(' ');
  if (tokens.length > MAX_BYLINE_TOKENS || !NAME_PART.test(tokens[0] ?? '')) return false;
  return tokens.every((token) => NAME_PART.test(token) || NAME_PARTICLES.has(token));
}

/** Tells whether a normalized widget line is nothing but counters ("20", "1.2K"), which real tables also hold. */
export function isBareCounter(line: string): boolean {
  return line.split(TOKEN_SEPARATOR).every((token) => token === '' || COUNTER.test(token));
}
