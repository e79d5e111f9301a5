import { InvalidInputError } from '@cleanwire/contracts';
import type { BodySyntax } from './body-text';

// After an optional BOM and whitespace, what the body opens with.
const MARKUP_PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const DOCTYPE = /^<!doctype\s+([^\s>[]+)/i;
const FIRST_ELEMENT = /^<([A-Za-z_][\w.:-]*)/;
const FEED_ROOTS = new Set(['rss', 'feed', 'RDF']);
const SNIFF_WINDOW = 4096;

/** Guesses a body's syntax from its first bytes, for bodies sent as application/octet-stream or read by the CLI. */
export function sniffSyntax(body: Buffer): BodySyntax {
  let start = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
  const utf16 = (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff);
  const head = utf16
    ? new TextDecoder(body[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(body.subarray(0, SNIFF_WINDOW))
    : body.toString('latin1', start, Math.min(body.length, SNIFF_WINDOW));
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'json';
  if (!trimmed.startsWith('<')) return 'text';
  const rest = trimmed.slice(MARKUP_PROLOG.exec(trimmed)?.[0].length ?? 0);
  const doctype = DOCTYPE.exec(rest);
  // A DOCTYPE of anything but html is an XML DTD: the XML reader refuses it with the reason.
  if (doctype) return doctype[1]!.toLowerCase() === 'html' ? 'html' : 'xml';
  const name = FIRST_ELEMENT.exec(rest)?.[1] ?? '';
  const local = name.slice(name.indexOf(':') + 1);
  return FEED_ROOTS.has(local) ? 'xml' : 'html';
}

// The parsers' words for a body that is not the syntax it opens like (not a refusal for safety: DTDs, depth, size).
const SYNTAX_ERROR =
  /is not valid JSON|not well-formed XML|is truncated or malformed|must have exactly one root element/;

/** Whether a body sniffed as JSON or XML failed only because it is not that syntax, so it may be read as text. */
export function fallsBackToText(error: unknown): boolean {
  return error instanceof InvalidInputError && SYNTAX_ERROR.test(error.message);
}
