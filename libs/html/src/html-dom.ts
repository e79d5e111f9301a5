import { DOMParser } from 'linkedom';
import { parseLinkedPage } from './linkedom-tree';
import { InvalidInputError } from '@cleanwire/contracts';
import { normalizeLine } from './normalize-line';

// tsconfig has no DOM lib and linkedom's types lean on it, so the few DOM members used here are declared once.
/** The slice of a DOM node this module reads. */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly parentNode: DomNode | null;
  readonly firstChild: DomNode | null;
  readonly lastChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly previousSibling: DomNode | null;
  readonly textContent: string | null;
  getAttribute?(name: string): string | null;
}

/** The slice of a DOM document this module reads. */
export interface DomDocument extends DomNode {
  readonly documentElement: DomNode | null;
  readonly body: DomNode & { innerHTML: string; appendChild(node: DomNode): void };
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode>;
}

/** One run of text between block boundaries, in document order. */
export interface TextBlock {
  text: string;
  /** The innermost block element holding the run. */
  element: DomNode;
  /** Whether the run is (inside) a figcaption. */
  inCaption: boolean;
}

const ELEMENT = 1;
const TEXT = 3;
// Runs of inline content between these elements' edges become separate paragraphs.
const BLOCK_TAGS = new Set(
  (
    'ADDRESS ARTICLE ASIDE BLOCKQUOTE BODY BR CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION FIGURE FOOTER ' +
    'FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR HTML LI MAIN MENU NAV OL P PRE SECTION SUMMARY TABLE TBODY TD TFOOT TH ' +
    'THEAD TR UL'
  ).split(' '),
);
// Never reader-visible text.
const SKIPPED_TAGS = new Set(['HEAD', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'IFRAME', 'OBJECT']);
/** Deeper markup than this is hostile: real pages stay far below it, and the DOM libraries recurse. */
export const MAX_HTML_DEPTH = 512;
// linkedom's parse slows down sharply on deeply nested markup, so the tag count is bounded before parsing.
const MAX_HTML_TAGS = 60_000;

/**
 * Parses a whole HTML page into a DOM, refusing markup too deep or too large to handle safely. The tree is built by
 * the HTML standard's rules, as browsers build it (see linkedom-tree.ts).
 */
export function parseHtmlPage(html: string): DomDocument {
  assertTagCount(html);
  const document = parseLinkedPage(html) as DomDocument;
  assertDepth(document);
  return document;
}

/** Parses an HTML fragment (a feed item's content) into the body of an empty document. */
export function parseHtmlFragment(html: string): DomDocument {
  assertTagCount(html);
  const document = new DOMParser().parseFromString(
    '<!doctype html><html><head></head><body></body></html>',
    'text/html',
  ) as unknown as DomDocument;
  document.body.innerHTML = html;
  assertDepth(document);
  return document;
}

/** The page's text runs in document order, whitespace collapsed, split at block elements and line breaks. */
export function textBlocks(root: DomNode): TextBlock[] {
  const blocks: TextBlock[] = [];
  let run = '';
  const blockStack: DomNode[] = [root];
  let captionDepth = 0;
  const flush = (): void => {
    const text = normalizeLine(run);
    run = '';
    const element = blockStack[blockStack.length - 1];
    if (text !== '' && element !== undefined) blocks.push({ text, element, inCaption: captionDepth > 0 });
  };
  // An explicit stack instead of recursion: hostile markup may nest deep.
  const stack: Array<{ node: DomNode; leaving: boolean }> = [];
  for (let child = root.lastChild; child; child = child.previousSibling) stack.push({ node: child, leaving: false });
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node.nodeType === TEXT) {
      run += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== ELEMENT || SKIPPED_TAGS.has(node.nodeName.toUpperCase())) continue;
    const tag = node.nodeName.toUpperCase();
    const isBlock = BLOCK_TAGS.has(tag);
    if (leaving) {
      if (isBlock) {
        flush();
        blockStack.pop();
        if (tag === 'FIGCAPTION') captionDepth--;
      }
      continue;
    }
    if (isBlock) {
      flush();
      blockStack.push(node);
      if (tag === 'FIGCAPTION') captionDepth++;
    }
    stack.push({ node, leaving: true });
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push({ node: child, leaving: false });
  }
  flush();
  return blocks;
}

/** A short locator of an element for a cut: `tag`, `tag#id` or `tag.firstClass`. */
export function elementLocator(element: DomNode): string {
  const tag = element.nodeName.toLowerCase();
  const id = element.getAttribute?.('id')?.trim();
  if (id) return `${tag}#${id}`;
  const firstClass = element.getAttribute?.('class')?.trim().split(/\s+/)[0];
  return firstClass ? `${tag}.${firstClass}` : tag;
}

/** The normalized text of the first element matching a selector, or of its `content` attribute for meta tags. */
export function selectedText(document: DomDocument, selector: string, attribute?: string): string {
  const node = document.querySelector(selector);
  if (node === null) return '';
  return normalizeLine((attribute === undefined ? node.textContent : node.getAttribute?.(attribute)) ?? '');
}

function assertTagCount(html: string): void {
  let tags = 0;
  for (let index = html.indexOf('<'); index !== -1; index = html.indexOf('<', index + 1)) {
    if (++tags > MAX_HTML_TAGS) {
      throw new InvalidInputError(`the HTML holds more than ${MAX_HTML_TAGS} tags; refusing to parse it`);
    }
  }
}

function tooDeep(): never {
  throw new InvalidInputError(`the HTML nests elements deeper than ${MAX_HTML_DEPTH} levels`);
}

function assertDepth(document: DomDocument): void {
  const root = document.documentElement;
  if (root === null) return;
  const stack: Array<[DomNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_HTML_DEPTH) tooDeep();
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === ELEMENT) stack.push([child, depth + 1]);
    }
  }
}
