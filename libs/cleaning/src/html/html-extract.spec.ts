import fc from 'fast-check';
import { InvalidInputError } from '@cleanwire/contracts';
import { extractHtmlFragment, extractHtmlPage } from './html-extract';

describe('extractHtmlFragment', () => {
  it('makes paragraphs of block elements and line breaks, collapses whitespace, takes figcaptions as captions', () => {
    const fragment =
      '<p>One  <b>bold</b>\n word.</p><div>Two<br>Three</div><figure><img alt="x"><figcaption> A  caption </figcaption></figure><ul><li>Four</li></ul>';
    expect(extractHtmlFragment(fragment)).toEqual({
      headline: '',
      captions: ['A caption'],
      paragraphs: ['One bold word.', 'Two', 'Three', 'Four'],
      positions: [1, 2, 3, 5],
      cuts: [],
    });
  });

  it('ignores scripts and styles', () => {
    expect(extractHtmlFragment('<script>alert(1)</script><style>p{}</style><p>Text</p>').paragraphs).toEqual(['Text']);
  });
});

describe('extractHtmlPage', () => {
  it('refuses a page with no article text', () => {
    expect(() => extractHtmlPage('<html><head><title>x</title></head><body></body></html>')).toThrow(InvalidInputError);
  });

  it('refuses markup nested too deep before Readability recurses into it', () => {
    expect(() => extractHtmlPage(`<html><body>${'<div>'.repeat(1000)}x</body></html>`)).toThrow(/deeper than 512/);
  });

  it('throws nothing but InvalidInputError on arbitrary markup', () => {
    const parts = fc.constantFrom(
      '<p>',
      '</p>',
      '<div class="share">',
      '</div>',
      '<nav>',
      '<h1>',
      'word ',
      '<figcaption>',
      '<br>',
      '&amp;',
      '<!--',
      '-->',
      '<script>',
    );
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 60 }), (tokens) => {
        try {
          const extract = extractHtmlPage(tokens.join(''));
          expect(extract.paragraphs.length).toBeGreaterThan(0);
          expect(extract.positions).toHaveLength(extract.paragraphs.length);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
