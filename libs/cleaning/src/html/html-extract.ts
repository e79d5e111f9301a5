import { Readability } from '@mozilla/readability';
import { type Cut, InvalidInputError } from '@cleanwire/contracts';
import {
  type DomDocument,
  type DomNode,
  elementLocator,
  pageHeadline,
  parseHtmlFragment,
  parseHtmlPage,
  type TextBlock,
  textBlocks,
} from '@cleanwire/html';
import { isBoilerplateBlock, isCaption, isFurniture, isStandfirst } from './page-furniture';

/** The text an HTML page or fragment yields before cleaning. */
export interface HtmlExtract {
  /** og:title, else the first h1, else <title>; '' for a fragment. */
  headline: string;
  /** Figure captions kept with the content, in order, without repeats. */
  captions: string[];
  /** Body paragraphs in reading order, whitespace collapsed. */
  paragraphs: string[];
  /** For each paragraph, its 1-based position among the source's text blocks in document order. */
  positions: number[];
  /** The text blocks left out as page furniture ('html-boilerplate'), at their block position. */
  cuts: Cut[];
}

// Readability gives up on pages this large instead of spending seconds on them.
const MAX_ELEMENTS = 30_000;
// Readability retries with its cleaning rules relaxed while its article holds less text than this (its default, 500,
// settles for a teaser on many pages).
const READABILITY_MIN_CHARS = 1000;
// Where templates put an article's body, most specific first: schema.org markup, then the class and id names CMSs
// give the body, then the article and main landmarks.
const CONTENT_AREA_SELECTORS = [
  '[itemprop="articleBody"]',
  '[class*="article-body"], [class*="article__body"], [class*="articleBody"], [id*="article-body"], [id*="articleBody"]',
  '[class*="article-content"], [class*="article__content"], [class*="articleContent"], [id*="article-content"]',
  '[class*="entry-content"], [class*="post-content"], [class*="post-body"], [class*="post_content"], [class*="postContent"]',
  '[class*="story-body"], [class*="story-content"], [class*="article-text"], [class*="articleText"], [class*="text-content"], [class*="body-text"]',
  'article',
  '[class*="content-main"], [id*="content-main"], [class*="main-content"], [id*="main-content"], [id="content"], [class="content"]',
  'main',
  '[role="main"]',
];
// How many blocks above the article's first its standfirst may sit, and its least length.
const STANDFIRST_REACH = 12;
const MIN_STANDFIRST = 40;
// The least share of Readability's text an area inside its article must hold to be preferred.
const AREA_WITHIN_RATIO = 0.5;
// A content area with less text than this is a teaser box, not the body.
const MIN_AREA_TEXT = 200;
// How much more text the content area must hold than Readability's article to be preferred.
const AREA_PREFERRED_RATIO = 1.5;

/**
 * Extracts a page's main content by combining two readings of the page: Readability's article, and the page's own
 * content area (the element its template names as the article body). Blocks inside either that are page furniture
 * (author boxes, meta lines, share bars, related links, comments) are dropped. What was left out is recorded as
 * boilerplate cuts.
 */
export function extractHtmlPage(html: string): HtmlExtract {
  const page = parseHtmlPage(html);
  const headline = pageHeadline(page);
  const pageBlocks = textBlocks(page.body ?? page.documentElement ?? page);
  const readable = readableSelection(page, pageBlocks);
  const area = contentAreaSelection(page, pageBlocks);
  let chosen = chooseSelection(readable, area, pageBlocks);
  // Neither found an article: every block outside furniture, and failing that every block (intake refuses pages that
  // show no text at all).
  if (!hasParagraph(chosen, pageBlocks)) chosen = selectBlocks(pageBlocks, undefined, () => true);
  if (!hasParagraph(chosen, pageBlocks)) chosen = pageBlocks.map((_, index) => index);
  chosen = [...standfirstBefore(chosen[0]!, pageBlocks), ...chosen];

  const captions = unique(
    chosen.filter((index) => isCaption(pageBlocks[index]!)).map((index) => pageBlocks[index]!.text),
  );
  // The article's h1 is its headline, read apart from the body (unless the page holds nothing else).
  const paragraphBlocks = chosen.filter((index) => !isCaption(pageBlocks[index]!));
  const withoutH1 = paragraphBlocks.filter((index) => pageBlocks[index]!.element.nodeName.toUpperCase() !== 'H1');
  const body = withoutH1.length > 0 ? withoutH1 : paragraphBlocks;
  if (body.length === 0) throw new InvalidInputError('the HTML page has no extractable article text');
  const paragraphs = body.map((index) => pageBlocks[index]!.text);
  const positions = body.map((index) => index + 1);

  const keptPage = new Set(chosen);
  const keptElements = ancestorsOf(chosen.map((index) => pageBlocks[index]!.element));
  const captured = new Set([headline.toLowerCase(), ...captions.map((caption) => caption.toLowerCase())]);
  const cuts: Cut[] = [];
  pageBlocks.forEach((block, index) => {
    if (keptPage.has(index) || captured.has(block.text.toLowerCase())) return;
    cuts.push({
      reason: 'html-boilerplate',
      line: index + 1,
      text: block.text,
      element: elementLocator(removedElement(block.element, keptElements)),
    });
  });
  return { headline, captions, paragraphs, positions, cuts };
}

/**
 * The standfirst above the article's first block: a lead, intro or excerpt paragraph in the article's header, which
 * Readability leaves out with the header.
 */
function standfirstBefore(first: number, pageBlocks: readonly TextBlock[]): number[] {
  const standfirst: number[] = [];
  for (let index = Math.max(0, first - STANDFIRST_REACH); index < first; index++) {
    const block = pageBlocks[index]!;
    if (block.text.length < MIN_STANDFIRST || isCaption(block) || isBoilerplateBlock(block, undefined)) continue;
    if (isStandfirst(block)) standfirst.push(index);
  }
  return standfirst;
}

/** The page blocks Readability keeps, less the furniture inside its article; indices in page order. */
function readableSelection(page: DomDocument, pageBlocks: readonly TextBlock[]): number[] {
  const content = readableContent(page);
  if (content === undefined) return [];
  const kept = textBlocks(parseHtmlFragment(content).body);
  const matched = new Set(matchBlocks(pageBlocks, kept).filter((index): index is number => index !== undefined));
  const container = commonAncestor([...matched].map((index) => pageBlocks[index]!.element));
  return selectBlocks(pageBlocks, container, (_, index) => matched.has(index));
}

/** The blocks of the page's named content area (article body, entry content, main), less furniture. */
function contentAreaSelection(page: DomDocument, pageBlocks: readonly TextBlock[]): number[] {
  for (const selector of CONTENT_AREA_SELECTORS) {
    const area = page.querySelector(selector);
    if (area === null) continue;
    const selected = selectBlocks(pageBlocks, area, (block) => isInside(block.element, area));
    if (textLength(selected, pageBlocks) >= MIN_AREA_TEXT) return selected;
  }
  return [];
}

/**
 * Readability's reading unless the content area holds clearly more text: Readability sometimes settles on a teaser
 * or a comment while the template names the real body.
 */
function chooseSelection(readable: number[], area: number[], pageBlocks: readonly TextBlock[]): number[] {
  const readableText = textLength(readable, pageBlocks);
  const areaText = textLength(area, pageBlocks);
  if (areaText > readableText * AREA_PREFERRED_RATIO) return area;
  // An area wholly inside Readability's article that holds most of its text is the tighter reading of the same body.
  const inReadable = new Set(readable);
  const within = area.length > 0 && area.every((index) => inReadable.has(index));
  return within && areaText >= readableText * AREA_WITHIN_RATIO ? area : readable;
}

/** Indices of the blocks a reading includes that are not furniture below its container. */
function selectBlocks(
  pageBlocks: readonly TextBlock[],
  container: DomNode | undefined,
  includes: (block: TextBlock, index: number) => boolean,
): number[] {
  const selected: number[] = [];
  pageBlocks.forEach((block, index) => {
    if (includes(block, index) && !isBoilerplateBlock(block, container)) selected.push(index);
  });
  return selected;
}

function hasParagraph(selection: readonly number[], pageBlocks: readonly TextBlock[]): boolean {
  return selection.some((index) => !isCaption(pageBlocks[index]!));
}

function textLength(selection: readonly number[], pageBlocks: readonly TextBlock[]): number {
  let length = 0;
  for (const index of selection) if (!isCaption(pageBlocks[index]!)) length += pageBlocks[index]!.text.length;
  return length;
}

function isInside(element: DomNode, container: DomNode): boolean {
  for (let node: DomNode | null = element; node !== null; node = node.parentNode) if (node === container) return true;
  return false;
}

/** The deepest element holding every given element, or undefined when there are none. */
function commonAncestor(elements: readonly DomNode[]): DomNode | undefined {
  if (elements.length === 0) return undefined;
  let chain: DomNode[] = [];
  for (let node: DomNode | null = elements[0]!; node !== null; node = node.parentNode) chain.push(node);
  for (const element of elements.slice(1)) {
    const ancestors = new Set<DomNode>();
    for (let node: DomNode | null = element; node !== null; node = node.parentNode) ancestors.add(node);
    chain = chain.filter((node) => ancestors.has(node));
  }
  return chain[0];
}

/** An HTML fragment (a feed item's content) as paragraphs and figure captions; no content extraction, no cuts. */
export function extractHtmlFragment(html: string): HtmlExtract {
  const blocks = textBlocks(parseHtmlFragment(html).body);
  const paragraphs: string[] = [];
  const positions: number[] = [];
  blocks.forEach((block, index) => {
    if (block.inCaption) return;
    paragraphs.push(block.text);
    positions.push(index + 1);
  });
  const captions = unique(blocks.filter((block) => block.inCaption).map((block) => block.text));
  return { headline: '', captions, paragraphs, positions, cuts: [] };
}

function readableContent(page: DomDocument): string | undefined {
  // Readability rewrites the document it reads, and the page's elements are still needed to locate the cuts.
  const copy = (page as DomDocument & { cloneNode(deep: boolean): unknown }).cloneNode(true);
  let article: { content?: string | null } | null;
  try {
    article = new Readability(copy, { maxElemsToParse: MAX_ELEMENTS, charThreshold: READABILITY_MIN_CHARS }).parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`the HTML page could not be read: ${reason}`);
  }
  return article?.content ?? undefined;
}

/** For each kept block, the index of the page block it is, matched in order by text. */
function matchBlocks(pageBlocks: readonly TextBlock[], kept: readonly TextBlock[]): Array<number | undefined> {
  const matchOf: Array<number | undefined> = [];
  let next = 0;
  for (const block of kept) {
    let found: number | undefined;
    for (let index = next; index < pageBlocks.length; index++) {
      if (pageBlocks[index]!.text === block.text) {
        found = index;
        break;
      }
    }
    matchOf.push(found);
    if (found !== undefined) next = found + 1;
  }
  return matchOf;
}

function ancestorsOf(elements: readonly DomNode[]): Set<DomNode> {
  const ancestors = new Set<DomNode>();
  for (const element of elements) {
    for (let node: DomNode | null = element; node !== null && !ancestors.has(node); node = node.parentNode) {
      ancestors.add(node);
    }
  }
  return ancestors;
}

/**
 * The element Readability removed that held a block: the nearest landmark or furniture-named container among the
 * block's wholly dropped ancestors, else the outermost of them.
 */
function removedElement(element: DomNode, keptElements: ReadonlySet<DomNode>): DomNode {
  let outermost: DomNode | undefined;
  for (let node: DomNode | null = element; node !== null && !keptElements.has(node); node = node.parentNode) {
    if (node.nodeType !== 1 || node.nodeName.toUpperCase() === 'BODY' || node.nodeName.toUpperCase() === 'HTML') break;
    if (isFurniture(node)) return node;
    outermost = node;
  }
  return outermost ?? element;
}

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}
