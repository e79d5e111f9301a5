import { detect } from 'chardet';
import { InvalidInputError, UnsupportedFormatError } from '@cleanwire/contracts';
import { declaredHtmlCharset } from '@cleanwire/html';

/** The syntax family of a body, which decides where its encoding may be declared. */
export type BodySyntax = 'xml' | 'html' | 'json' | 'text';

/** A decoded body, and how its encoding was chosen when the body did not say it plainly. */
export interface BodyText {
  text: string;
  /**
   * The encoding guessed from the bytes: the body declared none and is not UTF-8, or (an HTML page) declared one its
   * bytes do not fit.
   */
  detectedCharset?: string;
  /** What the decoding guessed or repaired, said for the story's record. */
  note?: string;
}

// Declarations are looked for in the first bytes, as browsers do; HTML pages are read to the end of their head.
const XML_DECLARATION_WINDOW = 1024;
const HTML_DECLARATION_WINDOW = 64 * 1024;
const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']/;
// Git's test for binary content: a NUL byte among the first 8000.
const BINARY_WINDOW = 8000;

/**
 * Decodes a body to text. The encoding is, in order: a byte order mark; the request's charset parameter; the
 * document's own declaration (the XML declaration's encoding, or an HTML meta charset); UTF-8. Bytes that are invalid
 * in a declared encoding are refused, except in an HTML page, which is read as a browser reads it. A body that
 * declares nothing and is not UTF-8 is decoded by detection, and the guess is returned; JSON, which must be UTF-8
 * (RFC 8259), is refused instead, and so is binary data.
 */
export function decodeBody(body: Buffer, syntax: BodySyntax, charset?: string): BodyText {
  const bom = byteOrderMark(body);
  if (bom !== undefined) return { text: strictDecode(body, decoderFor(bom, false), bom) };
  const given = charset?.trim().toLowerCase();
  const declared = given ? undefined : declaredEncoding(body, syntax);
  const label = given || declared;
  if (label) {
    const decoder = decoderFor(label, declared !== undefined);
    try {
      return { text: strictDecode(body, decoder) };
    } catch (error) {
      if (syntax !== 'html') throw error;
      return repairedHtml(body, decoder.encoding);
    }
  }
  try {
    return { text: strictDecode(body, new TextDecoder('utf-8', { fatal: true })) };
  } catch (error) {
    if (syntax === 'json') throw error;
    refuseBinary(body);
    return detectedText(body);
  }
}

function decoderFor(label: string, declaredInDocument: boolean): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    const message = `unsupported charset "${label.slice(0, 40)}"; send UTF-8 or a charset TextDecoder knows (windows-1252, iso-8859-1, gb18030, shift_jis, koi8-r...)`;
    // A bad charset parameter is a media-type problem; a bad declaration inside the document is a malformed body.
    if (declaredInDocument) throw new InvalidInputError(`the document declares an ${message}`);
    throw new UnsupportedFormatError(message);
  }
}

function strictDecode(body: Buffer, decoder: InstanceType<typeof TextDecoder>, bom?: string): string {
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

/**
 * An HTML page whose bytes do not fit its declared encoding. A page that is mostly valid in it (a stray Latin-1 byte
 * in a UTF-8 page) keeps it, with the bad bytes replaced as browsers do; otherwise the encoding is detected.
 */
function repairedHtml(body: Buffer, declared: string): BodyText {
  refuseBinary(body);
  const lenient = new TextDecoder(declared).decode(body);
  let replaced = 0;
  let valid = 0;
  for (const character of lenient) {
    if (character === '\uFFFD') replaced++;
    else if (character.charCodeAt(0) > 0x7f) valid++;
  }
  if (valid >= replaced) {
    const name = encodingName(declared);
    return {
      text: lenient,
      detectedCharset: declared,
      note: `charset: ${replaced} byte sequences invalid in the declared ${name} were replaced`,
    };
  }
  const detected = detectedText(body);
  return { ...detected, note: `charset: the page declares ${encodingName(declared)} but is not; ${detected.note}` };
}

function detectedText(body: Buffer): BodyText {
  const guess = knownEncoding(detect(body)) ?? 'windows-1252';
  // Windows-1252 reads every byte, so a detected encoding that is itself invalid still yields the text.
  let text: string;
  let charset = guess;
  try {
    text = strictDecode(body, new TextDecoder(guess, { fatal: true }));
  } catch {
    charset = 'windows-1252';
    text = new TextDecoder(charset).decode(body);
  }
  return { text, detectedCharset: charset, note: `charset: none declared and not UTF-8; decoded as ${charset}` };
}

/** The WHATWG name of a detector's guess, or undefined when TextDecoder does not know it. */
function knownEncoding(label: string | null): string | undefined {
  if (label === null) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function refuseBinary(body: Buffer): void {
  const nul = body.subarray(0, BINARY_WINDOW).indexOf(0);
  if (nul !== -1) throw new InvalidInputError('the body is not valid UTF-8 and holds binary data (a NUL byte)');
}

function byteOrderMark(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function declaredEncoding(body: Buffer, syntax: BodySyntax): string | undefined {
  if (syntax !== 'xml' && syntax !== 'html') return undefined;
  const window = syntax === 'xml' ? XML_DECLARATION_WINDOW : HTML_DECLARATION_WINDOW;
  // Declarations are ASCII in every encoding this reads without a byte order mark; latin1 maps bytes one to one.
  const head = body.toString('latin1', 0, Math.min(body.length, window));
  const label = (syntax === 'xml' ? XML_DECLARATION.exec(head)?.[1] : declaredHtmlCharset(head))?.toLowerCase();
  // A document readable as ASCII is not UTF-16, whatever it says (XML 1.0 appendix F, the HTML prescan).
  return label === undefined || label.startsWith('utf-16') ? undefined : label;
}

function encodingName(encoding: string): string {
  return encoding.startsWith('utf-') ? encoding.toUpperCase() : encoding;
}
