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
// Boilerplate containers: landmarks, and class or id words templates use for page furniture.
const LANDMARK_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM']);
const LANDMARK_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const FURNITURE_WORD =
  /(?:^|[\s_-])(?:share|sharing|social|related|comments?|promo|newsletter|subscribe|advert\w*|ads?|banner|sidebar|menu|breadcrumbs?|cookies?|popup|modal|widget|toolbar|tags|footer|header|nav)(?:$|[\s_-])/i;

/** Extracts a page's main content with Readability; what Readability dropped is recorded as boilerplate cuts. */
export function extractHtmlPage(html: string): HtmlExtract {
  const page = parseHtmlPage(html);
  const headline = pageHeadline(page);
  const pageBlocks = textBlocks(page.body ?? page.documentElement ?? page);
  const content = readableContent(page);
  const kept = textBlocks(parseHtmlFragment(content).body);
  const matchOf = matchBlocks(pageBlocks, kept);

  const captions = unique(kept.filter((block) => block.inCaption).map((block) => block.text));
  const paragraphs: string[] = [];
  const positions: number[] = [];
  let position = 1;
  kept.forEach((block, index) => {
    position = (matchOf[index] ?? position - 1) + 1;
    if (block.inCaption) return;
    paragraphs.push(block.text);
    positions.push(position);
  });
  if (paragraphs.length === 0) throw new InvalidInputError('the HTML page has no extractable article text');

  const keptPage = new Set(matchOf.filter((index): index is number => index !== undefined));
  const keptElements = ancestorsOf([...keptPage].map((index) => pageBlocks[index]!.element));
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

function readableContent(page: DomDocument): string {
  // Readability rewrites the document it reads, and the page's elements are still needed to locate the cuts.
  const copy = (page as DomDocument & { cloneNode(deep: boolean): unknown }).cloneNode(true);
  let article: { content?: string | null } | null;
  try {
    article = new Readability(copy, { maxElemsToParse: MAX_ELEMENTS }).parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`the HTML page could not be read: ${reason}`);
  }
  if (!article?.content) throw new InvalidInputError('the HTML page has no extractable article text');
  return article.content;
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

function isFurniture(node: DomNode): boolean {
  if (LANDMARK_TAGS.has(node.nodeName.toUpperCase())) return true;
  if (LANDMARK_ROLES.has(node.getAttribute?.('role') ?? '')) return true;
  return FURNITURE_WORD.test(`${node.getAttribute?.('class') ?? ''} ${node.getAttribute?.('id') ?? ''}`);
}

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}
