import { plainText } from '@cleanwire/html';
import type { FeedItem } from '../feed-item';
import {
  attributeValue,
  childElement,
  childElements,
  elementMarkup,
  elementText,
  type XmlElement,
} from '../xml-document';
import { absoluteUrl, childText, compactItem, type FeedExtraction, mediaCaptions } from './feed-fields';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Atom 1.0: one item per <entry>; the body is the content, else the summary, read by their type. */
export function atomItems(root: XmlElement): FeedExtraction {
  const ns = root.ns;
  const feedBase = absoluteUrl(attributeValue(root, 'base', XML_NS)) ?? alternateLink(root, ns);
  const items = childElements(root, ns, 'entry').map((entry) => {
    const base = absoluteUrl(attributeValue(entry, 'base', XML_NS), feedBase) ?? feedBase;
    const title = childElement(entry, ns, 'title');
    return compactItem({
      headline: title === undefined ? '' : textConstruct(title).text,
      url: alternateLink(entry, ns, base),
      guid: childText(entry, ns, 'id'),
      publishedAt: childText(entry, ns, 'published') ?? childText(entry, ns, 'updated'),
      ...entryBody(entry, ns),
      captions: mediaCaptions(entry),
    });
  });
  const title = childElement(root, ns, 'title');
  return { items, feedTitle: title === undefined ? '' : textConstruct(title).text };
}

function entryBody(entry: XmlElement, ns: string): Pick<FeedItem, 'body' | 'bodyFormat'> {
  for (const name of ['content', 'summary']) {
    const element = childElement(entry, ns, name);
    // Out-of-line content (src=) is not fetched.
    if (element === undefined || attributeValue(element, 'src') !== undefined) continue;
    const body = readableConstruct(element);
    if (body !== undefined && body.body.trim() !== '') return body;
  }
  return { body: '' };
}

/**
 * An Atom text construct as plain text, for titles. A type="text" title is plain text by the spec, yet feeds put
 * escaped tags in it; those are read as markup too, since a story never carries tags.
 */
function textConstruct(element: XmlElement): { text: string } {
  const type = attributeValue(element, 'type') ?? 'text';
  return { text: plainText(type === 'xhtml' ? elementMarkup(element) : elementText(element)) };
}

function readableConstruct(element: XmlElement): Pick<FeedItem, 'body' | 'bodyFormat'> | undefined {
  const type = (attributeValue(element, 'type') ?? 'text').toLowerCase();
  if (type === 'html' || type === 'text/html') return { body: elementText(element), bodyFormat: 'html' };
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    // The content is one xhtml <div> wrapping the markup; its serialization is the HTML fragment.
    return { body: elementMarkup(element), bodyFormat: 'html' };
  }
  if (type === 'text' || type.startsWith('text/')) return { body: elementText(element), bodyFormat: 'text' };
  // Other media types (base64 images, XML vocabularies) carry no article text.
  return undefined;
}

function alternateLink(element: XmlElement, ns: string, base?: string): string | undefined {
  const links = childElements(element, ns, 'link').filter(
    (link) => (attributeValue(link, 'rel') ?? 'alternate') === 'alternate',
  );
  const preferred = links.find((link) => (attributeValue(link, 'type') ?? 'text/html') === 'text/html') ?? links[0];
  return preferred === undefined ? undefined : absoluteUrl(attributeValue(preferred, 'href'), base);
}
