import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { InvalidInputError, TooLargeError } from '@cleanwire/contracts';
import { tooManyItems } from './feed-item';

/** An XML element with its namespace resolved: what the feed format modules read. */
export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Namespace URI, '' when none. */
  ns: string;
  attributes: Array<{ name: string; ns: string; value: string }>;
  /** Child elements and text runs in document order; text is entity-decoded, CDATA kept as written. */
  children: Array<XmlElement | string>;
  /** The parser's node list for the element's children, to serialize embedded markup (Atom xhtml content). */
  rawChildren: OrderedNode[];
}

type OrderedNode = Record<string, unknown>;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const CDATA = '#cdata';
const TEXT = '#text';
const ATTRIBUTES = ':@';
// Declarations that would open the door to entity expansion (billion laughs) or external fetches (XXE).
const DTD_DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b/iy;
// A start tag of an item of any feed format (RSS and RDF <item>, Atom <entry>), with any prefix.
const ITEM_START_TAG = /<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]/y;
const NAME_START = /[A-Za-z_:]/;
/**
 * Elements one document may hold. The parsed tree costs a few hundred bytes per element, so this bounds a parse to
 * tens of megabytes; a feed of 1000 rich items stays far below it.
 */
export const MAX_XML_ELEMENTS = 200_000;
// XML 1.0 forbids these characters anywhere in a document; they mean binary junk or a wrong encoding.
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITY_REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const VOID_HTML_ELEMENTS = [
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'wbr',
];

export interface XmlLimits {
  /** Deepest element nesting. */
  maxDepth: number;
  /** Most feed items (<item>, <entry>) the document may hold; more is a TooLargeError before parsing. */
  maxItems?: number;
}

/**
 * Parses a feed document safely. One linear pass before parsing refuses any DTD (no entity is ever expanded or
 * fetched), an unclosed CDATA section, comment or processing instruction, and a document with more items or elements
 * than the limits allow; then the text must be well-formed with one root element, nesting at most `maxDepth` deep.
 */
export function parseXmlDocument(text: string, limits: XmlLimits): XmlElement {
  const { maxDepth } = limits;
  prescanXml(text, limits.maxItems ?? Number.POSITIVE_INFINITY);
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new InvalidInputError(`the XML holds the control character U+${code}, which XML forbids (binary data?)`);
  }
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new InvalidInputError(describeXmlError(verdict.err));
  let document: OrderedNode[];
  try {
    document = parser(maxDepth).parse(text) as OrderedNode[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(
      /nested tags/i.test(reason)
        ? `the XML nests elements deeper than ${maxDepth} levels`
        : `the body is not well-formed XML: ${reason}`,
    );
  }
  const roots = document.filter((node) => elementName(node) !== undefined);
  if (roots.length !== 1) {
    throw new InvalidInputError(`the XML must have exactly one root element, found ${roots.length}`);
  }
  return toElement(roots[0]!, new Map([['xml', XML_NS]]));
}

/**
 * Walks the markup once, jumping over CDATA sections, comments and processing instructions, so its cost is linear in
 * the text whatever it holds (a regular expression over unclosed sections is quadratic).
 */
function prescanXml(text: string, maxItems: number): void {
  let elements = 0;
  let items = 0;
  const skipTo = (from: number, end: string, what: string): number => {
    const found = text.indexOf(end, from);
    if (found === -1) throw new InvalidInputError(`the XML is truncated or malformed: ${what} is never closed`);
    return found + end.length;
  };
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at)) {
    if (text.startsWith('<![CDATA[', at)) {
      at = skipTo(at + 9, ']]>', 'a CDATA section');
    } else if (text.startsWith('<!--', at)) {
      at = skipTo(at + 4, '-->', 'a comment');
    } else if (text.startsWith('<?', at)) {
      at = skipTo(at + 2, '?>', 'a processing instruction');
    } else {
      DTD_DECLARATION.lastIndex = at;
      if (DTD_DECLARATION.test(text)) {
        throw new InvalidInputError(
          'the XML holds a DOCTYPE or ENTITY declaration; DTDs are refused (no entity expansion, no external entities)',
        );
      }
      if (NAME_START.test(text.charAt(at + 1))) {
        if (++elements > MAX_XML_ELEMENTS) {
          throw new TooLargeError(`the XML holds more than ${MAX_XML_ELEMENTS} elements; refusing to parse it`);
        }
        ITEM_START_TAG.lastIndex = at;
        if (ITEM_START_TAG.test(text) && ++items > maxItems) {
          throw tooManyItems(maxItems);
        }
      }
      at += 1;
    }
  }
}

/** The first child element with this namespace and local name. */
export function childElement(element: XmlElement, ns: string, name: string): XmlElement | undefined {
  return childElements(element, ns, name)[0];
}

/** The child elements with this namespace and local name, in order. */
export function childElements(element: XmlElement, ns: string, name: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && child.name === name && sameNamespace(child.ns, ns),
  );
}

/** An attribute's value by namespace and local name. */
export function attributeValue(element: XmlElement, name: string, ns = ''): string | undefined {
  return element.attributes.find((attribute) => attribute.name === name && sameNamespace(attribute.ns, ns))?.value;
}

/** The element's text: its own text and CDATA, and its descendants' text, in order. */
export function elementText(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : elementText(child))).join('');
}

/** The element's content as markup: its text when it holds only text, else its children serialized. */
export function elementMarkup(element: XmlElement): string {
  if (element.children.every((child) => typeof child === 'string')) return elementText(element);
  return builder.build(element.rawChildren);
}

/** Namespaces compare without a trailing slash: feeds in the wild write Media RSS's both ways. */
function sameNamespace(a: string, b: string): boolean {
  return a === b || a.replace(/\/$/, '') === b.replace(/\/$/, '');
}

function parser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    // Defence in depth: DTDs are refused above, and no entity of any kind is expanded by the parser.
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    cdataPropName: CDATA,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: maxDepth,
  });
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  cdataPropName: CDATA,
  unpairedTags: VOID_HTML_ELEMENTS,
  suppressUnpairedNode: false,
});

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT && key !== CDATA);
}

function toElement(node: OrderedNode, scope: ReadonlyMap<string, string>): XmlElement {
  const qualifiedName = elementName(node) ?? '';
  const rawAttributes = (node[ATTRIBUTES] ?? {}) as Record<string, string>;
  const inner = new Map(scope);
  for (const [name, value] of Object.entries(rawAttributes)) {
    if (name === 'xmlns') inner.set('', decodeXmlText(value));
    else if (name.startsWith('xmlns:')) inner.set(name.slice(6), decodeXmlText(value));
  }
  const [prefix, local] = splitName(qualifiedName);
  const attributes = Object.entries(rawAttributes)
    .filter(([name]) => name !== 'xmlns' && !name.startsWith('xmlns:'))
    .map(([name, value]) => {
      const [attributePrefix, attributeLocal] = splitName(name);
      // Unprefixed attributes are in no namespace, whatever the default namespace is.
      const ns = attributePrefix === '' ? '' : (inner.get(attributePrefix) ?? '');
      return { name: attributeLocal, ns, value: decodeXmlText(value) };
    });
  const rawChildren = (node[qualifiedName] ?? []) as OrderedNode[];
  const children: Array<XmlElement | string> = [];
  for (const child of rawChildren) {
    if (TEXT in child) children.push(decodeXmlText(textValue(child[TEXT])));
    else if (CDATA in child) {
      children.push(((child[CDATA] ?? []) as OrderedNode[]).map((part) => textValue(part[TEXT])).join(''));
    } else if (elementName(child) !== undefined) children.push(toElement(child, inner));
  }
  return { name: local, ns: inner.get(prefix) ?? '', attributes, children, rawChildren };
}

// Values stay strings (parseTagValue is off); anything else would be a parser surprise, read as no text.
function textValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function splitName(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** Decodes XML's five predefined entities and character references; any other reference is left as written. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_REFERENCE, (reference, hex?: string, decimal?: string, name?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? reference;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
    const valid = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff);
    return valid && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : reference;
  });
}

function describeXmlError(error: { code: string; msg: string; line: number; col: number }): string {
  // The validator reports elements left open at the end as an "Invalid '[...]' found" list.
  if (error.code === 'InvalidXml' && error.msg.startsWith("Invalid '[")) {
    return 'the XML is truncated or malformed: elements are still open at the end of the body';
  }
  const where = Number.isInteger(error.col) ? `line ${error.line}, column ${error.col}` : `line ${error.line}`;
  return `the body is not well-formed XML (${where}): ${error.msg}`;
}
