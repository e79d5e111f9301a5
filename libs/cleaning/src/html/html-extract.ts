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
// Readability retries with its cleaning rules relaxed while its article holds less text than this (its default, 500,
// settles for a teaser on many pages).
const READABILITY_MIN_CHARS = 1000;
// Boilerplate containers: landmarks, and class or id words templates use for page furniture.
const LANDMARK_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM']);
const LANDMARK_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const FURNITURE_WORD =
  /(?:^|[\s_-])(?:share|sharing|social|related|comments?|promo|newsletter|subscribe|advert\w*|ads?|banner|sidebar|menu|breadcrumbs?|cookies?|popup|modal|widget|toolbar|tags|footer|header|nav)(?:$|[\s_-])/i;
// Lines page templates write around an article: a bare date or time, share and navigation labels.
const TEMPLATE_LINE =
  /^(?:(?:veröffentlicht|aktualisiert|published|updated|posted|publié|mis à jour)(?: am| on| le)?:? .{0,40}\d{2,4}.{0,12}|über den autor|about the author|mehr zu .{1,40}|mehr themen:?|zum weiterlesen:?|weiterführende links|neueste artikel|vous aimerez aussi|lee también|audios et vidéos sur le sujet|inhaltsverzeichnis|table of contents|das könnte (?:dich|sie) auch interessieren|you (?:may|might) also like|externer inhalt|keine kommentare.*|kommentare?|comments?|leave a (?:comment|reply)|\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}[.:]\d{2})?|(?:share|teilen|tweet|print|drucken|related(?: (?:articles|stories|coverage|posts))?|read more|mehr zum thema|auch interessant|lesen sie auch|weitere artikel|à lire aussi|advertisement|anzeige|werbung|zurück|back|top)\s*:?)$/i;
// A short line that is a date with a label at most: "Publiziert: 03.04.2020, 12:35", "asked Feb 6, 2014 at 20:37".
const DATE_LINE =
  /^[^\d]{0,25}(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.? \p{L}{3,9}\.? \d{4}|\p{L}{3,9}\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})[^.!?]{0,25}$/u;
const MAX_DATE_LINE = 70;
// How short lines that page templates write around an article begin, in the languages of the news we read: related
// links, comment counts, contact and source labels, share and subscribe calls.
const TEMPLATE_OPENING = new RegExp(
  '^(?:' +
    [
      'weitere (?:beiträge|informationen|infos|artikel|tourentipps)',
      'lesen sie auch',
      'schon gelesen',
      'meist(?:gelesene|diskutierte|-diskutiert)',
      'viel gelesen',
      '(?:empfohlene|ähnliche|verwandte) (?:beiträge|artikel)',
      'entdecke(?:n sie)? (?:jetzt|weitere)',
      'noch mehr infos',
      'kontakt\\b',
      'ansprechpartner',
      'bisher keine kommentare',
      'kommentare? (?:insgesamt|geschlossen|schreiben)',
      'kommentarfeed',
      'kommentieren',
      'comments are closed',
      'this entry was posted',
      'posted in ',
      'kategorie:',
      'category:',
      'verfasst von',
      'von:$',
      'permalien',
      'zurück zur',
      'haftungsbeschränkung',
      'quellenangaben',
      'originalartikel',
      'zusatzinformationen',
      'alle angaben ohne gewähr',
      'war der artikel nützlich',
      'möchten sie den artikel teilen',
      'artikel gefallen',
      'lade weitere',
      'mehr aus der sendung',
      'subscribe now',
      'get the latest news',
      'veja também',
      'mira lo que',
      'hazte miembro',
      'auch auf ',
      'release date',
      'news date',
      'źródło:',
      'pour lire la suite',
    ].join('|') +
    ')',
  'i',
);
const MAX_TEMPLATE_LINE = 90;
// A copyright or agency line: short, and holding the copyright sign.
const COPYRIGHT = /©|\(c\) \d{4}/i;
const MAX_COPYRIGHT_LINE = 120;
// A short block about the newsletter or the reader's privacy is a sign-up or consent box.
const SIGN_UP = /newsletter|sign(?:ing)? up|abonnier|privatsphäre|privacy|einloggen|eingeloggt|logged in|log in to/i;
// A photo credit or figure label standing as its own line: "Foto: Jane Doe", "Abbildung 4: ...", "(Credit: ...)".
const CREDIT_LINE =
  /^\(?(?:abbildung|abb\.|fotos?|bild(?:quelle)?|titelbild|photos?|photograph|image|credits?|crédits? photos?|quelle|source)\s*\d*\s*:/i;
const MAX_CREDIT_LINE = 200;
const MAX_SIGN_UP = 160;
// Class words of an image's caption or credit line that the page did not mark up as a figcaption.
const CAPTION_TOKENS = new Set(['caption', 'captions', 'figcaption', 'bildunterschrift', 'legend']);
// Class words of an article's standfirst, and how many blocks above the article's first it may sit.
const STANDFIRST_TOKENS = new Set(
  'intro introtext lead lede standfirst excerpt summary deck dek subtitle subheadline abstract teaser'.split(' '),
);
const STANDFIRST_REACH = 12;
const MIN_STANDFIRST = 40;
// How far up from a block its caption container may sit.
const CAPTION_DEPTH = 4;
// Class and id words of furniture inside an article: bylines and author boxes, dates and meta lines, ratings,
// credits, links to other stories, share and comment blocks, cookie and consent notices.
const ARTICLE_FURNITURE_TOKENS = new Set(
  (
    'author authors bio byline meta metadata postmetadata postmeta dateline timestamp rating ratings credit credits ' +
    'copyright related recommended recommendations readmore share sharing social comments comment kommentare ' +
    'respond cookie cookies consent borlabs alert newsletter subscribe subscription promo advert advertisement ads ' +
    'sponsor sponsored tagcloud breadcrumb breadcrumbs pagination pager navigation nav widget sidebar noprint tags ' +
    'teaser teasers menu disclaimer disclosure citation citate paywall notice licence license factbox infobox'
  ).split(' '),
);
// Furniture words strong enough to win over a content word on the same element ("comments-content").
const STRONG_FURNITURE_TOKENS = new Set(
  'author authors bio byline comments comment kommentare respond related share sharing rating credit cookie newsletter tags'.split(
    ' ',
  ),
);
const CONTENT_TOKENS = new Set(['content', 'article', 'body', 'text', 'post', 'entry', 'main', 'story', 'richtext']);
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
// The least share of Readability's text an area inside its article must hold to be preferred.
const AREA_WITHIN_RATIO = 0.5;
// A content area with less text than this is a teaser box, not the body.
const MIN_AREA_TEXT = 200;
// How much more text the content area must hold than Readability's article to be preferred.
const AREA_PREFERRED_RATIO = 1.5;
// Shorter blocks than this are judged by their links: a paragraph with a link in it is longer.
const SHORT_BLOCK = 120;

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
    let node: DomNode | null = block.element;
    for (
      let depth = 0;
      node !== null && node.nodeType === 1 && depth < CAPTION_DEPTH;
      depth++, node = node.parentNode
    ) {
      if (classTokens(classAndId(node)).some((token) => STANDFIRST_TOKENS.has(token))) {
        standfirst.push(index);
        break;
      }
    }
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
  if (block.text.length < MAX_DATE_LINE && DATE_LINE.test(block.text)) return true;
  if (block.text.length < MAX_SIGN_UP && SIGN_UP.test(block.text)) return true;
  if (block.text.length < MAX_TEMPLATE_LINE && TEMPLATE_OPENING.test(block.text)) return true;
  if (block.text.length < MAX_COPYRIGHT_LINE && COPYRIGHT.test(block.text)) return true;
  if (block.text.length < MAX_CREDIT_LINE && CREDIT_LINE.test(block.text)) return true;
  return block.text.length < SHORT_BLOCK && linkDensity(block.element) > 0.5;
}

/** Whether a block is an image caption: a figcaption, or inside an element its class names a caption. */
function isCaption(block: TextBlock): boolean {
  if (block.inCaption) return true;
  let node: DomNode | null = block.element;
  for (let depth = 0; node !== null && node.nodeType === 1 && depth < CAPTION_DEPTH; depth++, node = node.parentNode) {
    if (classTokens(classAndId(node)).some((token) => CAPTION_TOKENS.has(token))) return true;
  }
  return false;
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
  // Ids name anchors as often as roles ("nav_first_heading"): only their strong words count.
  const tokens = classTokens(node.getAttribute?.('class') ?? '');
  const idTokens = classTokens(node.getAttribute?.('id') ?? '');
  if (idTokens.some((token) => STRONG_FURNITURE_TOKENS.has(token))) return true;
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
