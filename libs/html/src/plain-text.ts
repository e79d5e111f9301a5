import { parseHtmlFragment, textBlocks } from './html-dom';

// An element tag (<p>, </p>, <br/>, <script src=...>), a comment, or an entity reference: text holding one is markup.
const ELEMENT_TAG = /<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?\/?>|<!--/;
const ENTITY = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/;
// Feeds escape titles twice ("&amp;lt;b&amp;gt;"); more rounds than this are not seen in practice.
const MAX_UNESCAPE_ROUNDS = 4;

/** Whether text holds HTML: an element tag, a comment or an entity reference. */
export function hasMarkup(text: string): boolean {
  return ELEMENT_TAG.test(text) || ENTITY.test(text);
}

/** The plain text of an HTML snippet (a title or caption given as markup): blocks joined by spaces, whitespace collapsed. */
export function htmlText(html: string): string {
  return textBlocks(parseHtmlFragment(html).body)
    .map((block) => block.text)
    .join(' ');
}

/**
 * Text with every element tag and entity resolved, escaped markup included: a headline "&lt;b&gt;Floods&lt;/b&gt;"
 * becomes "Floods", a title holding <script> loses the script. Text without markup is only trimmed.
 */
export function plainText(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_UNESCAPE_ROUNDS && hasMarkup(current); round++) {
    const next = htmlText(current);
    if (next === current) break;
    current = next;
  }
  return current.trim();
}
