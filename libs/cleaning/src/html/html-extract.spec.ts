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

const prose = (topic: string): string =>
  `<p>${topic} drew crowds to the harbour on Saturday, where engineers explained how the new barrier will hold back ` +
  `the spring tides that flooded the lower town twice last year, and answered questions from residents.</p>`;

function page(article: string, around = ''): string {
  return (
    `<html><head><title>Barrier opens | Gazette</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>` +
    `${around}<article><h1>Flood barrier opens</h1>${article}</article>` +
    `<footer><p>© 2026 Gazette. All rights reserved.</p></footer></body></html>`
  );
}

describe('extractHtmlPage', () => {
  it('keeps the article and leaves out the furniture inside it: author box, share bar, related links, dates', () => {
    const article =
      '<p class="standfirst">A barrier eight years in the making opened on Saturday to hold back the spring tides.</p>' +
      '<div class="article-body">' +
      prose('The opening') +
      '<p>12.03.2026, 14:05</p>' +
      prose('The ceremony') +
      '<div class="share-bar"><p>Share this story with your friends on every network you use</p></div>' +
      prose('The barrier') +
      '<p>Weitere Artikel zum Thema</p>' +
      '<div class="author-box"><p>Jane Doe writes about the coast and its towns for the Gazette since 2011.</p></div>' +
      '</div>';
    const extract = extractHtmlPage(page(article));
    expect(extract.headline).toBe('Flood barrier opens');
    expect(extract.paragraphs).toEqual([
      'A barrier eight years in the making opened on Saturday to hold back the spring tides.',
      expect.stringMatching(/^The opening drew crowds/),
      expect.stringMatching(/^The ceremony drew crowds/),
      expect.stringMatching(/^The barrier drew crowds/),
    ]);
    expect(extract.cuts.map((cut) => cut.text)).toEqual(
      expect.arrayContaining([
        'Home News',
        '12.03.2026, 14:05',
        'Weitere Artikel zum Thema',
        '© 2026 Gazette. All rights reserved.',
      ]),
    );
  });

  it('takes captions marked by class as captions, and credit lines out of the body', () => {
    const article =
      prose('The opening') +
      '<div class="image"><img src="a.jpg"><div class="image-caption">Engineers close the gates for the first time.</div></div>' +
      '<p>Foto: Jane Doe</p>' +
      prose('The barrier');
    const extract = extractHtmlPage(page(article));
    expect(extract.captions).toEqual(['Engineers close the gates for the first time.']);
    expect(extract.paragraphs).toHaveLength(2);
  });

  it("prefers the page's named article body when Readability settles for less of it", () => {
    const body = [prose('The opening'), prose('The ceremony'), prose('The barrier'), prose('The tide')].join('');
    const extract = extractHtmlPage(
      `<html><body><div class="teaser"><p>${'Short teaser text about the barrier. '.repeat(3)}</p></div>` +
        `<div itemprop="articleBody">${body}</div></body></html>`,
    );
    expect(extract.paragraphs).toHaveLength(4);
  });

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
