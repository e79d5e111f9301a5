import { InvalidInputError, UnsupportedFormatError } from '@cleanwire/contracts';
import { declaredHtmlCharset } from '@cleanwire/cleaning';

/** The syntax family of a body, which decides where its encoding may be declared. */
export type BodySyntax = 'xml' | 'html' | 'json' | 'text';

// The declarations are looked for in the first bytes only, as browsers do (the HTML prescan reads 1024).
const DECLARATION_WINDOW = 1024;
const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']/;

/**
 * Decodes a body to text. The encoding is, in order: a byte order mark; the request's charset parameter; the
 * document's own declaration (the XML declaration's encoding, or an HTML meta charset in the first 1024 bytes); UTF-8.
 * Decoding is strict: bytes that are invalid in the chosen encoding are refused, never replaced.
 */
export function decodeBody(body: Buffer, syntax: BodySyntax, charset?: string): string {
  const bom = byteOrderMark(body);
  let label = bom ?? charset?.trim().toLowerCase();
  let declared = false;
  if (label === undefined || label === '') {
    label = declaredEncoding(body, syntax) ?? 'utf-8';
    declared = label !== 'utf-8';
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    const message = `unsupported charset "${label.slice(0, 40)}"; send UTF-8 or a charset TextDecoder knows (windows-1252, iso-8859-1, gb18030, shift_jis, koi8-r...)`;
    // A bad charset parameter is a media-type problem; a bad declaration inside the document is a malformed body.
    if (declared) throw new InvalidInputError(`the document declares an ${message}`);
    throw new UnsupportedFormatError(message);
  }
  try {
    // Streaming and then flushing avoids Node's Latin-1 fast path, which decodes windows-1252 bytes 0x80-0x9F as C1
    // controls since Node 20.18.3 (nodejs/node#60888); the flush still refuses a truncated final sequence.
    return decoder.decode(body, { stream: true }) + decoder.decode();
  } catch {
    const name = encodingName(decoder.encoding);
    // Two bytes that look like a UTF-16 byte order mark more often start a body that is simply not UTF-8.
    throw new InvalidInputError(
      bom?.startsWith('utf-16')
        ? `the body is not valid UTF-8, nor the ${name} its first bytes announce`
        : `the body is not valid ${name}`,
    );
  }
}

function byteOrderMark(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function declaredEncoding(body: Buffer, syntax: BodySyntax): string | undefined {
  if (syntax !== 'xml' && syntax !== 'html') return undefined;
  // Declarations are ASCII in every encoding this reads without a byte order mark; latin1 maps bytes one to one.
  const head = body.toString('latin1', 0, Math.min(body.length, DECLARATION_WINDOW));
  const label = (syntax === 'xml' ? XML_DECLARATION.exec(head)?.[1] : declaredHtmlCharset(head))?.toLowerCase();
  // A document readable as ASCII is not UTF-16, whatever it says (XML 1.0 appendix F, the HTML prescan).
  return label === undefined || label.startsWith('utf-16') ? undefined : label;
}

function encodingName(encoding: string): string {
  return encoding.startsWith('utf-') ? encoding.toUpperCase() : encoding;
}
