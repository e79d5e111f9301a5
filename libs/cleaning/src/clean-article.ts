import type { Cut, CutReason } from '@cleanwire/contracts';
import { normalizeLine } from '@cleanwire/html';
import { isBareCounter, isByline, isTimestamp, isWidgetNoise } from './widget-noise';

/** A scraped article before cleaning; the body is the raw text, headline and caption copies and widgets included. */
export interface ArticleDraft {
  headline?: string;
  body: string;
  captions?: string[];
}

/** A cleaned article: body paragraphs in reading order and every line removed from the raw body, with the reason. */
export interface CleanedArticle {
  headline: string;
  captions: string[];
  body: string[];
  cuts: Cut[];
}

interface Line {
  /** 1-based line number in the raw body. */
  number: number;
  text: string;
  /** Equal texts share an id, so repeats are found with integer compares instead of string scans. */
  id: number;
  isHeadline: boolean;
  /** Set only inside the header zone: widget labels are real words further down. */
  isNoise: boolean;
}

const LINE_BREAK = /\r\n|\r|\n/;
// Scraped headers put a few caption, credit and widget lines between headline copies; a longer gap means the
// headline is being quoted in the story, not repeated by the page template.
const MAX_HEADER_GAP = 6;
// Back-to-back repeats shorter than this are table cells ("20", "20") or rules ("___"), not captions.
const MIN_CAPTION_LENGTH = 12;
const LETTER = /\p{L}/u;

/** Cleans one raw article: strips repeated headline and caption blocks and widget noise, keeps every real paragraph. */
export function cleanArticle(draft: ArticleDraft): CleanedArticle {
  const { lines, idOf } = readLines(draft.body);
  const givenHeadline = draft.headline === undefined ? '' : normalizeLine(draft.headline);
  const headlineSource = givenHeadline === '' ? lines[0] : undefined;
  const headline = givenHeadline === '' ? (headlineSource?.text ?? '') : givenHeadline;
  markHeadlineCopies(lines, headline);

  const captions = uniqueNormalized(draft.captions ?? []);
  // A given caption was published already, so every copy of it in the body is a cut.
  const emitted = new Set<number>();
  for (const caption of captions) {
    const id = idOf.get(caption);
    if (id !== undefined) emitted.add(id);
  }
  const captionIds = new Set(emitted);
  addBackToBackCaptions(lines, captionIds);
  markHeaderZone(lines, captionIds);

  const body: string[] = [];
  const cuts: Cut[] = [];
  const cut = (line: Line, reason: CutReason): void => {
    cuts.push({ reason, line: line.number, text: line.text });
  };
  for (const line of lines) {
    if (line === headlineSource) continue;
    if (line.isHeadline) cut(line, 'repeated-headline');
    else if (line.isNoise) cut(line, 'widget-noise');
    else if (!captionIds.has(line.id)) body.push(line.text);
    else if (emitted.has(line.id)) cut(line, 'repeated-caption');
    else {
      emitted.add(line.id);
      captions.push(line.text);
    }
  }
  return { headline, captions, body, cuts };
}

/** Counts whitespace-separated words across paragraphs (a run of CJK text without spaces counts as one word). */
export function countWords(paragraphs: readonly string[]): number {
  let words = 0;
  for (const paragraph of paragraphs) {
    let inWord = false;
    for (let i = 0; i < paragraph.length; i++) {
      const space = isWhitespace(paragraph.charCodeAt(i));
      if (!space && !inWord) words++;
      inWord = !space;
    }
  }
  return words;
}

// The same set as JavaScript's \s, tested on char codes because countWords runs over every body character.
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function readLines(body: string): { lines: Line[]; idOf: Map<string, number> } {
  const lines: Line[] = [];
  const idOf = new Map<string, number>();
  body.split(LINE_BREAK).forEach((raw, index) => {
    const text = normalizeLine(raw);
    if (text === '') return;
    let id = idOf.get(text);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(text, id);
    }
    lines.push({ number: index + 1, text, id, isHeadline: false, isNoise: false });
  });
  return { lines, idOf };
}

function markHeadlineCopies(lines: Line[], headline: string): void {
  if (headline === '') return;
  const folded = headline.toLowerCase();
  for (const line of lines) {
    // Comparing lengths first keeps the case fold off almost every line.
    line.isHeadline =
      line.text === headline || (line.text.length === headline.length && line.text.toLowerCase() === folded);
  }
}

function uniqueNormalized(texts: readonly string[]): string[] {
  const unique = new Set<string>();
  for (const text of texts) {
    const normalized = normalizeLine(text);
    if (normalized !== '') unique.add(normalized);
  }
  return [...unique];
}

// Only copies with no blank line between them count: a paragraph repeated after a blank line may be the writer's,
// and cleaned output (paragraphs joined by blank lines) then never looks back-to-back, which keeps cleaning idempotent.
function addBackToBackCaptions(lines: readonly Line[], captionIds: Set<number>): void {
  let previous: Line | undefined;
  for (const line of lines) {
    if (
      previous !== undefined &&
      line.id === previous.id &&
      line.number === previous.number + 1 &&
      !line.isHeadline &&
      isCaptionLike(line.text) &&
      // A doubled byline or dateline is template noise (cut in the header zone), never a caption.
      !isByline(line.text) &&
      !isTimestamp(line.text)
    ) {
      captionIds.add(line.id);
    }
    previous = line;
  }
}

function isCaptionLike(text: string): boolean {
  return text.length >= MIN_CAPTION_LENGTH && LETTER.test(text);
}

/**
 * The header zone runs from the top through the last headline copy of the opening cluster, then on over widget noise,
 * bylines and datelines, known captions, lines already seen in the zone and lines the page chrome wraps; the first
 * other line is the lede. Marks the zone's noise (widgets, and every byline or dateline copy after the first) and adds
 * to the captions the lines the zone holds twice or more, and the credited ones it holds once.
 */
function markHeaderZone(lines: readonly Line[], captionIds: Set<number>): void {
  let lastHeadline = -1;
  for (const [index, line] of lines.entries()) {
    if (line.isHeadline) lastHeadline = index;
    else if (index - lastHeadline > MAX_HEADER_GAP) break;
  }
  const kinds = new HeaderKinds(lines);
  const seen = new Map<number, number>();
  const metaSeen = new Set<number>();
  for (const [index, line] of lines.entries()) {
    const kind = kinds.at(index);
    if (kind === 'headline') continue;
    if (kind === 'widget') {
      line.isNoise = true;
      continue;
    }
    if (kind === 'meta') {
      // A byline or dateline shown once is the story's own; the template's repeats of it are not.
      if (metaSeen.has(line.id)) line.isNoise = true;
      else metaSeen.add(line.id);
      continue;
    }
    const inZone =
      index <= lastHeadline ||
      captionIds.has(line.id) ||
      seen.has(line.id) ||
      repeatsAcrossWidgets(kinds, index, captionIds, seen) ||
      (isCaptionLike(line.text) && wrappedByChrome(kinds, index, captionIds)) ||
      opensNextLine(lines, index) ||
      repeatsCredited(lines, index);
    if (!inZone) break;
    seen.set(line.id, (seen.get(line.id) ?? 0) + 1);
  }
  for (const [id, count] of seen) {
    if (count >= 2) captionIds.add(id);
  }
  for (const line of lines) {
    if (seen.get(line.id) === 1 && isCredited(line.text)) captionIds.add(line.id);
  }
}

type HeaderKind = 'headline' | 'widget' | 'meta' | 'text';

/** Classifies lines on demand: only the header zone and the few lines it looks ahead to are ever classified. */
class HeaderKinds {
  private readonly kinds: (HeaderKind | undefined)[] = [];

  constructor(readonly lines: readonly Line[]) {}

  at(index: number): HeaderKind | undefined {
    const line = this.lines[index];
    if (line === undefined) return undefined;
    let kind = this.kinds[index];
    if (kind === undefined) {
      if (line.isHeadline) kind = 'headline';
      else if (isWidgetNoise(line.text)) kind = 'widget';
      else if (isByline(line.text) || isTimestamp(line.text)) kind = 'meta';
      else kind = 'text';
      this.kinds[index] = kind;
    }
    return kind;
  }
}

/**
 * Whether the line comes again after nothing but header material, with a headline copy, widget, byline or dateline
 * between (a caption split from its copy by the share bar). Copies with nothing between stay: that may be a doubled lede.
 */
function repeatsAcrossWidgets(
  kinds: HeaderKinds,
  start: number,
  captionIds: ReadonlySet<number>,
  seen: ReadonlyMap<number, number>,
): boolean {
  const lines = kinds.lines;
  const id = lines[start]?.id;
  let widgetBetween = false;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index];
    if (line === undefined) break;
    if (line.id === id) return widgetBetween;
    if (kinds.at(index) !== 'text') widgetBetween = true;
    else if (!captionIds.has(line.id) && !seen.has(line.id)) return false;
  }
  return false;
}

/**
 * Whether page chrome follows the line: past any bylines, datelines and known captions, a headline copy or a widget
 * run that holds a labelled button. Bylines, datelines and captions alone prove nothing (a sign-off or a photo may
 * follow a real paragraph), and counters alone ("20", "18") may be a table under a real line, so they count only under
 * a credited caption.
 */
function wrappedByChrome(kinds: HeaderKinds, start: number, captionIds: ReadonlySet<number>): boolean {
  // Under a credited caption, a counter is the share count; under any other line it may be a table cell.
  const credited = isCredited(kinds.lines[start]?.text ?? '');
  for (let index = start + 1; index < kinds.lines.length; index++) {
    const line = kinds.lines[index];
    const kind = kinds.at(index);
    if (line === undefined || kind === 'text') {
      if (line !== undefined && captionIds.has(line.id)) continue;
      return false;
    }
    if (kind === 'headline') return true;
    if (kind === 'widget' && (credited || !isBareCounter(line.text))) return true;
  }
  return false;
}

// Credits that close a photo caption: "(Reuters)", "(Archive – Government Media)", "(AP Photo/Jane Doe)", or a
// trailing "Photo: Jane Doe". Each word of a parenthesized credit is capitalized (or from a script without case).
const PARENTHESIZED_CREDIT = /\(([^()]{2,60})\)$/;
const CREDIT_WORD = /^[\p{Lu}\p{Lo}]/u;
const CREDIT_PARTICLES = new Set(['of', 'via', 'and', 'for', 'the', 'de', 'al']);
const PHOTO_CREDIT = /(?:^|[.!?:;] )(?:photo|photograph|picture|image|file photo|credit)(?: by)? ?: ?\S[^.!?]{0,58}$/i;
const MAX_CREDIT_WORDS = 6;

/** Whether a line ends with a photo credit, the mark of a caption that the page shows once. */
function isCredited(text: string): boolean {
  return creditStart(text) >= 0;
}

/** Where the credit of a caption starts, or -1 when the line carries none. */
function creditStart(text: string): number {
  const parenthesized = PARENTHESIZED_CREDIT.exec(text);
  if (parenthesized?.[1] !== undefined) {
    const words = parenthesized[1].split(/[\s/\u2013\u2014-]+/).filter((word) => word !== '');
    const credit =
      words.length > 0 &&
      words.length <= MAX_CREDIT_WORDS &&
      words.every((word) => CREDIT_WORD.test(word) || CREDIT_PARTICLES.has(word));
    if (credit) return parenthesized.index;
  }
  const photo = PHOTO_CREDIT.exec(text);
  return photo === null ? -1 : photo.index;
}

// A wire dateline with the agency's credit inside it: "LONDON (AP) —", "PARIS, May 3 (Reuters) -".
const WIRE_DATELINE =
  /^\p{Lu}[\p{Lu}\p{M} .'-]{1,40}(?:, [^()]{1,30})? \((?:AP|Reuters|AFP|dpa|UPI|Xinhua|ANSA|EFE|Kyodo|PA)\) ?[-\u2013\u2014]/u;

/**
 * Whether the line is a credited caption shown twice with only blank lines between: a credit at its end, or the wire
 * dateline a photo agency puts at its start ("LONDON (AP) — ..."). Uncredited copies stay: that may be a doubled lede.
 */
function repeatsCredited(lines: readonly Line[], index: number): boolean {
  const line = lines[index];
  if (line === undefined || lines[index + 1]?.id !== line.id || !isCaptionLike(line.text)) return false;
  if (isCredited(line.text)) return true;
  // A wire photo's caption sits above the wire story's own dateline lede; a lone dateline line doubled is the lede.
  return (
    WIRE_DATELINE.test(line.text) &&
    lines.slice(index + 2).some((later) => later.id !== line.id && WIRE_DATELINE.test(later.text))
  );
}

/** Whether the line is a credited caption whose words open the next line (the lede starts the way the caption does). */
function opensNextLine(lines: readonly Line[], index: number): boolean {
  const text = lines[index]?.text ?? '';
  const next = lines[index + 1]?.text;
  const start = creditStart(text);
  if (next === undefined || start < 0) return false;
  let core = text.slice(0, start).trimEnd();
  if (core.endsWith('.')) core = core.slice(0, -1);
  return (
    core.length >= MIN_CAPTION_LENGTH && next.length > core.length && next.startsWith(core) && next[core.length] === ' '
  );
}
