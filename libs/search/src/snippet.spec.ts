import fc from 'fast-check';
import { stem } from './analyze';
import { parseSearchQuery } from './search-query';
import { highlightSnippet, SNIPPET_WORDS } from './snippet';
import { RawWords, wordTokens } from './tokenize';

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

  it('marks exactly the words a query word or prefix finds, whatever their case, accents or script', () => {
    const vocabulary = [
      'Election',
      'elections',
      'ÉLECTION',
      'élu',
      'Minister',
      "minister's",
      'mining',
      'Straße',
      'strasse',
      'İzmir',
      'انتخابات',
      '地铁',
      'g7',
      'G7',
      'the',
      'and',
    ];
    const query = fc.constantFrom('elections', 'minist*', 'strasse izmir', 'g7 mine*', '地铁', 'انتخابات', 'el*');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: SNIPPET_WORDS - 1 }),
        query,
        (words, q) => {
          const text = words.join(' ');
          const parsed = parseSearchQuery(q);
          // Reference: every word folded and stemmed, no shortcut.
          let want = '';
          let at = 0;
          const scanner = new RawWords(text);
          while (scanner.next()) {
            const folded = wordTokens(scanner.word());
            const hit = folded.some(
              (word) => parsed.terms.includes(stem(word)) || parsed.prefixes.some((prefix) => word.startsWith(prefix)),
            );
            want += text.slice(at, scanner.start) + (hit ? `<mark>${scanner.word()}</mark>` : scanner.word());
            at = scanner.end;
          }
          want += text.slice(at);
          expect(highlightSnippet(text, parsed)).toBe(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
