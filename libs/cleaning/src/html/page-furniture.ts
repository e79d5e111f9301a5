// Page furniture: what page templates put in and around an article that is not the story. Landmarks and class words
// of containers, and the lines templates write (dates, labels, related links, credits, sign-up calls), in the languages
// of the news cleanwire reads.
import type { DomNode, TextBlock } from '@cleanwire/html';

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
// Class words of an article's standfirst.
const STANDFIRST_TOKENS = new Set(
  'intro introtext lead lede standfirst excerpt summary deck dek subtitle subheadline abstract teaser'.split(' '),
);
// How far up from a block the element naming it a caption or standfirst may sit.
const CLASS_WORD_DEPTH = 4;
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
// Shorter blocks than this are judged by their links: a paragraph with a link in it is longer.
const SHORT_BLOCK = 120;

/**
 * Whether a page block is furniture: inside a landmark or a furniture-named container below the article's container,
 * a line only templates write (a date, "Share", "Related"), or a short run of links.
 */
export function isBoilerplateBlock(block: TextBlock, container: DomNode | undefined): boolean {
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
export function isCaption(block: TextBlock): boolean {
  return block.inCaption || hasClassWord(block, CAPTION_TOKENS);
}

/** Whether a block is an article's standfirst (lead, intro, excerpt) by the class of an element near it. */
export function isStandfirst(block: TextBlock): boolean {
  return hasClassWord(block, STANDFIRST_TOKENS);
}

/** Whether the block's element or one of its nearest ancestors has one of the words in its class or id. */
function hasClassWord(block: TextBlock, words: ReadonlySet<string>): boolean {
  let node: DomNode | null = block.element;
  for (
    let depth = 0;
    node !== null && node.nodeType === 1 && depth < CLASS_WORD_DEPTH;
    depth++, node = node.parentNode
  ) {
    if (classTokens(classAndId(node)).some((token) => words.has(token))) return true;
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

/** Whether an element is page furniture: a landmark, or named for furniture by its class or id. */
export function isFurniture(node: DomNode): boolean {
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
