// Elements that never hold others.
const VOID = new Set('area base br col embed hr img input link keygen meta param source track wbr'.split(' '));
// Elements whose content is text up to their end tag: a tag inside them is not one.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
// A start tag of these first closes the innermost open elements while they have the listed names: a new <li> ends
// the open <li>, a <div> ends an open <p> (siblings, not nesting). The table is htmlparser2's (linkedom's parser).
const P = 'p';
const FORM = 'input option optgroup select button datalist textarea';
const CLOSES = new Map<string, ReadonlySet<string>>(
  (
    [
      ['tr', 'tr th td'],
      ['th', 'th'],
      ['td', 'thead th td'],
      ['body', 'head link script'],
      ['li', 'li'],
      ['select', FORM],
      ['input', FORM],
      ['output', FORM],
      ['button', FORM],
      ['datalist', FORM],
      ['textarea', FORM],
      ['option', 'option'],
      ['optgroup', 'optgroup option'],
      ['dd', 'dd dt'],
      ['dt', 'dd dt'],
      ['rt', 'rt rp'],
      ['rp', 'rt rp'],
      ['tbody', 'thead tbody'],
      ['tfoot', 'thead tbody'],
      ...'p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul'
        .split(' ')
        .map((name) => [name, P] as const),
    ] as const
  ).map(([name, closed]) => [name, new Set(closed.split(' '))]),
);
const TAG_NAME = /^<(\/?)([a-z][a-z0-9-]*)/;

/**
 * How deep HTML nests, estimated in one linear pass over its tags without building a tree: the stack of open elements,
 * where an end tag closes its element and whatever is open inside it (a stray one closes nothing), a new <li>, cell or
 * block ends an open sibling, and `<div/>` opens a <div> as in any HTML parser. The estimate is never more than one
 * level shallower than the tree linkedom builds (a stray </p> makes an empty leaf); a parser that closes more is
 * shallower still. Stops once it passed `stopAbove`.
 */
export function htmlNestingDepth(html: string, stopAbove: number): number {
  const lower = html.toLowerCase();
  const open: string[] = [];
  const openByName = new Map<string, number>();
  const pop = (): void => {
    const name = open.pop() ?? '';
    openByName.set(name, (openByName.get(name) ?? 1) - 1);
  };
  let deepest = 0;
  let at = lower.indexOf('<');
  while (at !== -1 && deepest <= stopAbove) {
    if (lower.startsWith('<!--', at)) {
      const end = lower.indexOf('-->', at + 4);
      if (end === -1) break;
      at = lower.indexOf('<', end + 3);
      continue;
    }
    // A tag runs to the next '>'; everything up to it (a stray '<' included) is inside the tag, as a browser reads it.
    const tag = TAG_NAME.exec(lower.slice(at, at + 64));
    if (tag === null) {
      at = lower.indexOf('<', at + 1);
      continue;
    }
    const end = lower.indexOf('>', at);
    if (end === -1) break;
    const [, closing, name = ''] = tag;
    if (closing) {
      if ((openByName.get(name) ?? 0) > 0) {
        while (open[open.length - 1] !== name) pop();
        pop();
      }
    } else if (RAW_TEXT.has(name)) {
      // Unclosed, it holds the rest of the document.
      const close = lower.indexOf(`</${name}`, end);
      const closeEnd = close === -1 ? -1 : lower.indexOf('>', close);
      if (closeEnd === -1) break;
      at = lower.indexOf('<', closeEnd + 1);
      continue;
    } else if (!VOID.has(name)) {
      const closed = CLOSES.get(name);
      while (closed?.has(open[open.length - 1] ?? '')) pop();
      open.push(name);
      openByName.set(name, (openByName.get(name) ?? 0) + 1);
      deepest = Math.max(deepest, open.length);
    }
    at = lower.indexOf('<', end + 1);
  }
  return deepest;
}
