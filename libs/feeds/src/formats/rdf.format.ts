import { plainText } from '@cleanwire/html';
import { InvalidInputError } from '@cleanwire/contracts';
import { attributeValue, childElements, type XmlElement } from '../xml-document';
import {
  absoluteUrl,
  childText,
  compactItem,
  CONTENT_NS,
  DUBLIN_CORE_NS,
  type FeedExtraction,
  mediaCaptions,
  richestBody,
} from './feed-fields';

export const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
// RSS 1.0, and RSS 0.90 which has the same shape.
const RSS_NAMESPACES = ['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/'];

/** RSS 1.0 (RDF): channel and items are siblings under rdf:RDF; the item's rdf:about is its guid. */
export function rdfItems(root: XmlElement): FeedExtraction {
  const ns = RSS_NAMESPACES.find((candidate) => childElements(root, candidate, 'channel').length > 0);
  if (ns === undefined) throw new InvalidInputError('the RDF document has no RSS 1.0 <channel>');
  const channel = childElements(root, ns, 'channel')[0]!;
  const channelLink = absoluteUrl(childText(channel, ns, 'link'));
  const items = childElements(root, ns, 'item').map((item) =>
    compactItem({
      headline: plainText(childText(item, ns, 'title') ?? ''),
      url: absoluteUrl(childText(item, ns, 'link'), channelLink),
      guid: attributeValue(item, 'about', RDF_NS),
      publishedAt: childText(item, DUBLIN_CORE_NS, 'date'),
      ...richestBody([{ text: childText(item, CONTENT_NS, 'encoded') }, { text: childText(item, ns, 'description') }]),
      captions: mediaCaptions(item),
    }),
  );
  return { items, feedTitle: plainText(childText(channel, ns, 'title') ?? '') };
}
