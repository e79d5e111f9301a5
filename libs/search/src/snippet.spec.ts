import { parseSearchQuery } from './search-query';
import { highlightSnippet, SNIPPET_WORDS } from './snippet';

describe('highlightSnippet', () => {
  it('marks every form of the query words, escapes the text, and keeps it whole when short', () => {
    expect(
      highlightSnippet('The election in Baghdad. <Voters> & Elections.', parseSearchQuery('elections baghdad')),
    ).toBe('The <mark>election</mark> in <mark>Baghdad</mark>. &lt;Voters&gt; &amp; <mark>Elections</mark>.');
  });

  it('shows the passage with the most query words, with ellipses where text was left out', () => {
    const text = `${'Opening words here. '.repeat(30)}The storm hit the harbour at dawn. ${'Closing words. '.repeat(30)}`;
    const snippet = highlightSnippet(text, parseSearchQuery('storm harbour'));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>storm</mark> hit the <mark>harbour</mark>');
    expect(snippet.replace(/<\/?mark>/g, '').split(/\s+/).length).toBeLessThanOrEqual(SNIPPET_WORDS + 2);
  });

  it('marks words that start with a prefix, and opens the text when nothing matches', () => {
    expect(highlightSnippet('Presidents met.', parseSearchQuery('presid*'))).toBe('<mark>Presidents</mark> met.');
    expect(highlightSnippet('Nothing here.', parseSearchQuery('zebra'))).toBe('Nothing here.');
  });
});
