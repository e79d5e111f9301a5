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
// Lines page templates write around an article: a bare date or time, share and navigation labels.
const TEMPLATE_LINE =
  /^(?:(?:veröffentlicht|aktualisiert|published|updated|posted|publié|mis à jour)(?: am| on| le)?:? .{0,40}\d{2,4}.{0,12}|über den autor|about the author|inhaltsverzeichnis|table of contents|das könnte (?:dich|sie) auch interessieren|you (?:may|might) also like|externer inhalt|keine kommentare.*|kommentare?|comments?|leave a (?:comment|reply)|\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}[.:]\d{2})?|(?:share|teilen|tweet|print|drucken|related(?: (?:articles|stories|coverage|posts))?|read more|mehr zum thema|auch interessant|lesen sie auch|weitere artikel|à lire aussi|advertisement|anzeige|werbung|zurück|back|top)\s*:?)$/i;
// Class and id words of furniture inside an article: bylines and author boxes, dates and meta lines, ratings,
// credits, links to other stories, share and comment blocks, cookie and consent notices.
const ARTICLE_FURNITURE_TOKENS = new Set(
  (
    'author authors bio byline meta metadata postmetadata postmeta dateline timestamp rating ratings credit credits ' +
    'copyright related recommended recommendations readmore share sharing social comments comment kommentare ' +
    'respond cookie cookies consent borlabs alert newsletter subscribe subscription promo advert advertisement ads ' +
    'sponsor sponsored tagcloud breadcrumb breadcrumbs pagination pager navigation nav widget sidebar noprint'
  ).split(' '),
);
// Furniture words strong enough to win over a content word on the same element ("comments-content").
const STRONG_FURNITURE_TOKENS = new Set(
  'author authors bio byline comments comment kommentare respond related share sharing rating credit cookie newsletter'.split(
    ' ',
  ),
);
const CONTENT_TOKENS = new Set(['content', 'article', 'body', 'text', 'post', 'entry', 'main', 'story', 'richtext']);
// Shorter blocks than this are judged by their links: a paragraph with a link in it is longer.
const SHORT_BLOCK = 120;

/**
 * Extracts a page's main content: Readability finds the article, then blocks inside it that are page furniture
 * (share bars, related links, comment counts, credits) are dropped too. A page Readability finds nothing in falls back
 * to every block outside page furniture. What was left out is recorded as boilerplate cuts.
 */
export function extractHtmlPage(html: string): HtmlExtract {
  const page = parseHtmlPage(html);
  const headline = pageHeadline(page);
  const pageBlocks = textBlocks(page.body ?? page.documentElement ?? page);
  const content = readableContent(page);
  const kept = content === undefined ? [] : textBlocks(parseHtmlFragment(content).body);
  let matchOf = matchBlocks(pageBlocks, kept);
  let blocks = kept;
  const container = commonAncestor(
    matchOf.flatMap((index) => (index === undefined ? [] : [pageBlocks[index]!.element])),
  );
  const inArticle = (block: TextBlock, index: number): boolean => {
    const match = matchOf[index];
    return match === undefined || !isBoilerplateBlock(pageBlocks[match]!, container);
  };
  if (!kept.some((block, index) => !block.inCaption && inArticle(block, index))) {
    // Readability found no article: every block outside landmarks and furniture containers is the text.
    blocks = pageBlocks;
    matchOf = pageBlocks.map((_, index) => index);
  }

  const captions = unique(blocks.filter((block) => block.inCaption).map((block) => block.text));
  const paragraphs: string[] = [];
  const positions: number[] = [];
  const keptPage = new Set<number>();
  const take = (isFurniture: (block: TextBlock, index: number) => boolean): void => {
    let position = 1;
    blocks.forEach((block, index) => {
      position = (matchOf[index] ?? position - 1) + 1;
      if (block.inCaption || isFurniture(block, index)) return;
      paragraphs.push(block.text);
      positions.push(position);
      if (matchOf[index] !== undefined) keptPage.add(matchOf[index]);
    });
  };
  take((block, index) => (blocks === kept ? !inArticle(block, index) : isBoilerplateBlock(block, undefined)));
  // A page whose every block looks like furniture still shows text (intake refuses pages that show none): keep it all.
  if (paragraphs.length === 0) take(() => false);
  if (paragraphs.length === 0) throw new InvalidInputError('the HTML page has no extractable article text');

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

/**
 * Whether a page block is furniture: inside a landmark or a furniture-named container below the article's container,
 * a line only templates write (a date, "Share", "Related"), or a short run of links.
 */
function isBoilerplateBlock(block: TextBlock, container: DomNode | undefined): boolean {
  for (let node: DomNode | null = block.element; node !== null && node !== container; node = node.parentNode) {
    if (node.nodeType !== 1) break;
    const tag = node.nodeName.toUpperCase();
    if (tag === 'BODY' || tag === 'HTML') break;
    // An article's own header holds its standfirst as often as its byline; the headline is read apart anyway.
    if (tag !== 'HEADER' && isArticleFurniture(node)) return true;
  }
  if (TEMPLATE_LINE.test(block.text)) return true;
  return block.text.length < SHORT_BLOCK && linkDensity(block.element) > 0.5;
}

/** The share of an element's text that is link text. */
function linkDensity(element: DomNode): number {
  const text = element.textContent ?? '';
  if (text.trim() === '') return 0;
  let linked = 0;
  for (const link of (element as DomNode & { querySelectorAll(selector: string): Iterable<DomNode> }).querySelectorAll(
    'a',
  )) {
    linked += (link.textContent ?? '').length;
  }
  return linked / text.length;
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
    article = new Readability(copy, { maxElemsToParse: MAX_ELEMENTS }).parse();
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

function isFurniture(node: DomNode): boolean {
  if (LANDMARK_TAGS.has(node.nodeName.toUpperCase())) return true;
  if (LANDMARK_ROLES.has(node.getAttribute?.('role') ?? '')) return true;
  return FURNITURE_WORD.test(classAndId(node));
}

/** Whether an element inside the article is furniture, by its landmark role or the words of its class and id. */
function isArticleFurniture(node: DomNode): boolean {
  const tag = node.nodeName.toUpperCase();
  if (tag === 'NAV' || tag === 'ASIDE' || tag === 'FOOTER' || tag === 'FORM') return true;
  if (LANDMARK_ROLES.has(node.getAttribute?.('role') ?? '')) return true;
  const tokens = classTokens(classAndId(node));
  const furniture = tokens.filter((token) => ARTICLE_FURNITURE_TOKENS.has(token));
  if (furniture.length === 0) return false;
  return (
    furniture.some((token) => STRONG_FURNITURE_TOKENS.has(token)) || !tokens.some((token) => CONTENT_TOKENS.has(token))
  );
}

/** Class and id names cut into lower-case words at separators and camelCase humps ("relatedArticles" is two). */
function classTokens(names: string): string[] {
  return names
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

function classAndId(node: DomNode): string {
  return `${node.getAttribute?.('class') ?? ''} ${node.getAttribute?.('id') ?? ''}`;
}

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}
