import { plainText } from '@cleanwire/html';
import { InvalidInputError } from '@cleanwire/contracts';
import { attributeValue, childElement, childElements, type XmlElement } from '../xml-document';
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

/** RSS 2.0 (and 0.9x): one item per <item>; the body is content:encoded, else the description. */
export function rssItems(root: XmlElement): FeedExtraction {
  const channel = childElement(root, '', 'channel');
  if (channel === undefined) throw new InvalidInputError('the RSS feed has no <channel>');
  const channelLink = absoluteUrl(childText(channel, '', 'link'));
  const items = childElements(channel, '', 'item').map((item) => {
    const guidElement = childElement(item, '', 'guid');
    const guid = childText(item, '', 'guid');
    // A guid is a permalink unless it says otherwise (RSS 2.0), so it stands in for a missing link.
    const permalink = guidElement && attributeValue(guidElement, 'isPermaLink') !== 'false' ? guid : undefined;
    return compactItem({
      headline: plainText(childText(item, '', 'title') ?? ''),
      url: absoluteUrl(childText(item, '', 'link'), channelLink) ?? absoluteUrl(permalink),
      guid,
      publishedAt: childText(item, '', 'pubDate') ?? childText(item, DUBLIN_CORE_NS, 'date'),
      ...richestBody([{ text: childText(item, CONTENT_NS, 'encoded') }, { text: childText(item, '', 'description') }]),
      captions: mediaCaptions(item),
    });
  });
  return { items, feedTitle: plainText(childText(channel, '', 'title') ?? '') };
}
