import type { Cut } from '@cleanwire/contracts';
import { type ArticleDraft, cleanArticle, type CleanedArticle } from './clean-article';
import { normalizeLine } from '@cleanwire/html';

// Site chrome sits above or below the story: only this many lines at each end are looked at.
export const SITE_NOISE_REGION_LINES = 6;
/** Longer lines are prose, not chrome; they are never candidates. */
export const MAX_SITE_NOISE_LINE_LENGTH = 160;

export type SiteNoisePosition = 'top' | 'bottom';

/** When a line recurring in a source's articles counts as that source's noise. */
export interface SiteNoisePolicy {
  /** Distinct articles the line must be in; never below 2, so a line of a single article is never noise. */
  minArticles: number;
  /** Share (0..1) of the source's counted articles the line must be in. */
  minShare: number;
}

export const DEFAULT_SITE_NOISE_POLICY: SiteNoisePolicy = { minArticles: 5, minShare: 0.2 };

/** Keys (from `siteNoiseKey`) of the lines learned as one source's chrome. */
export type LearnedSiteNoise = ReadonlySet<string>;

interface PlacedLine {
  /** 1-based line number in the raw body. */
  number: number;
  text: string;
  key: string;
}

const LINE_BREAK = /\r\n|\r|\n/;
const LETTER = /\p{L}/u;

/** The key a line is counted and learned under: its place (top or bottom region) and its normalized text. */
export function siteNoiseKey(position: SiteNoisePosition, text: string): string {
  return `${position === 'top' ? 't' : 'b'}:${text}`;
}

/** Keys of the lines of an article that could be site chrome: short lines with a letter near its top or bottom, never the headline. */
export function siteNoiseCandidates(draft: ArticleDraft): string[] {
  return [...new Set(placedCandidates(draft).map((line) => line.key))];
}

/** Whether a line seen in `articles` distinct articles of a source with `sourceArticles` counted articles is its noise. */
export function isSiteNoise(articles: number, sourceArticles: number, policy: SiteNoisePolicy): boolean {
  const floor = Math.max(2, Math.ceil(policy.minArticles), Math.ceil(policy.minShare * sourceArticles));
  return articles >= floor;
}

/** The learned noise of a source, from its candidate lines' article counts. */
export function learnedSiteNoise(
  counts: Iterable<readonly [key: string, articles: number]>,
  sourceArticles: number,
  policy: SiteNoisePolicy = DEFAULT_SITE_NOISE_POLICY,
): LearnedSiteNoise {
  const learned = new Set<string>();
  for (const [key, articles] of counts) if (isSiteNoise(articles, sourceArticles, policy)) learned.add(key);
  return learned;
}

/**
 * Cleans an article with its source's learned noise removed first, each removed line a 'learned-site-noise' cut.
 * Lines are removed only where they were learned (top or bottom region), never the headline, and not at all when
 * that would leave no body.
 */
export function cleanArticleWithSiteNoise(draft: ArticleDraft, learned?: LearnedSiteNoise): CleanedArticle {
  if (learned === undefined || learned.size === 0) return cleanArticle(draft);
  const noise = placedCandidates(draft).filter((line) => learned.has(line.key));
  if (noise.length === 0) return cleanArticle(draft);

  // Blanked, not deleted, so every other line keeps its number and cleanArticle skips the blanks.
  const lines = draft.body.split(LINE_BREAK);
  for (const line of noise) lines[line.number - 1] = '';
  const cleaned = cleanArticle({ ...draft, body: lines.join('\n') });
  if (cleaned.body.length === 0) return cleanArticle(draft);

  const cuts: Cut[] = noise.map((line) => ({ reason: 'learned-site-noise', line: line.number, text: line.text }));
  return { ...cleaned, cuts: [...cleaned.cuts, ...cuts].sort((a, b) => a.line - b.line) };
}

function placedCandidates(draft: ArticleDraft): PlacedLine[] {
  const headline = draft.headline === undefined ? '' : normalizeLine(draft.headline);
  const lines: Omit<PlacedLine, 'key'>[] = [];
  draft.body.split(LINE_BREAK).forEach((raw, index) => {
    const text = normalizeLine(raw);
    if (text !== '') lines.push({ number: index + 1, text });
  });
  // Without a given headline, cleanArticle takes the first line as the headline: it is never chrome.
  const story = headline === '' ? lines.slice(1) : lines;
  const folded = headline.toLowerCase();

  const candidates: PlacedLine[] = [];
  story.forEach((line, index) => {
    const fromEnd = story.length - 1 - index;
    const position: SiteNoisePosition = index < fromEnd ? 'top' : 'bottom';
    if (Math.min(index, fromEnd) >= SITE_NOISE_REGION_LINES) return;
    if (line.text.length > MAX_SITE_NOISE_LINE_LENGTH || !LETTER.test(line.text)) return;
    if (folded !== '' && line.text.toLowerCase() === folded) return;
    candidates.push({ ...line, key: siteNoiseKey(position, line.text) });
  });
  return candidates;
}
