import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeFeed } from './normalize.command';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const FEEDS = path.resolve(__dirname, '../../../test/corpus/feeds');

describe('normalizeFeed', () => {
  it('prints the text fixture as {source, stories: [{headline, captions, body}]}, sniffing the format', () => {
    const input = readFileSync(path.join(FIXTURES, 'asharq-two-stories.txt'));
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'asharq-two-stories.expected.json'), 'utf8')) as {
      stories: unknown[];
    };
    const output = normalizeFeed(input, { source: 'Asharq Al-Awsat', full: false });
    expect(output).toEqual({ source: 'Asharq Al-Awsat', stories: expected.stories });
    expect(normalizeFeed(input, { source: 'Asharq Al-Awsat', full: false, format: 'text' })).toEqual(output);
  });

  it('explains each story with its cuts, HTML boilerplate with the removed element', () => {
    const page = readFileSync(path.join(FEEDS, 'news-page.html'));
    const output = normalizeFeed(page, { full: false, explain: true, url: 'https://riverside-post.example/a' });
    const [story] = output.stories as Array<{ cuts: Array<{ reason: string; element?: string }> }>;
    expect(story!.cuts).toContainEqual(expect.objectContaining({ reason: 'html-boilerplate', element: 'footer' }));
  });

  it('reads a feed in the format it is told', () => {
    const feed = readFileSync(path.join(FEEDS, 'atom-blog.xml'));
    expect(normalizeFeed(feed, { full: false, format: 'atom' }).stories).toHaveLength(2);
  });
});
