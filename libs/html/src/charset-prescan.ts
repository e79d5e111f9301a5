// The encoding an HTML page declares about itself, found the way browsers look for it: <meta charset> or
// <meta http-equiv="content-type" content="...; charset=..."> outside comments. Works on the latin1 view of the bytes:
// declarations are ASCII in every encoding read without a byte order mark.

const META = /<meta(?=[\s/])([^>]*)>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const ATTRIBUTE = /([^\s=/>"']+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
const CHARSET_IN_CONTENT = /charset\s*=\s*["']?([^"'\s;]+)/i;
// WHATWG prescans the first 1024 bytes; real pages often declare later, after scripts in the head, where the browser
// finds the declaration while parsing and starts over. Reading to the end of the head, within a bound, does the same.
const PRESCAN_BYTES = 1024;
const HEAD_WINDOW = 64 * 1024;

/** The charset label an HTML page declares in a meta tag, lower case, or undefined when it declares none. */
export function declaredHtmlCharset(head: string): string | undefined {
  const start = prescan(head.slice(0, PRESCAN_BYTES));
  if (start !== undefined) return start;
  const headEnd = head.search(/<\/head\s*>|<body[\s>]/i);
  return prescan(head.slice(0, headEnd === -1 ? HEAD_WINDOW : Math.min(headEnd, HEAD_WINDOW)));
}

function prescan(text: string): string | undefined {
  const withoutComments = text.replace(COMMENT, '');
  for (const meta of withoutComments.matchAll(META)) {
    const attributes = new Map<string, string>();
    for (const [, name, ...values] of meta[1]!.matchAll(ATTRIBUTE)) {
      const key = name!.toLowerCase();
      if (!attributes.has(key)) attributes.set(key, values.find((value) => value !== undefined) ?? '');
    }
    const charset = attributes.get('charset')?.trim();
    if (charset) return charset.toLowerCase();
    if (attributes.get('http-equiv')?.trim().toLowerCase() === 'content-type') {
      const label = CHARSET_IN_CONTENT.exec(attributes.get('content') ?? '')?.[1];
      if (label) return label.toLowerCase();
    }
  }
  return undefined;
}
